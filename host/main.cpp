#include <cstdio>
#include <exception>

#include <spdlog/spdlog.h>

#include "app/application.hpp"
#include "app/logging.hpp"
#include "config/config_loader.hpp"

int main(int argc, char** argv) {
    auto loaded = dms::config::load_config(argc, argv);
    if (!loaded.config) {
        std::fputs(loaded.output.c_str(), stdout);
        if (!loaded.error.empty()) std::fprintf(stderr, "%s\n", loaded.error.c_str());
        return loaded.exit_code;
    }
    dms::app::configure_logging(loaded.config->log_level, loaded.config->log_json);
    try {
        dms::app::Application application(*loaded.config);
        return application.run_until_signal();
    } catch (const std::exception& error) {
        spdlog::critical("dms-host cannot start: {}", error.what());
        spdlog::default_logger()->flush();
        return 1;
    }
}
