#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "support/host_process.hpp"
#include "support/self_signed_cert.hpp"
#include "support/test_host.hpp"
#include "tls_client.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// The real dms-host with HTTPS, its certificate files in the test's folder.
class HttpsReloadTest : public ::testing::Test {
 protected:
    HttpsReloadTest() {
        first_.write(certificate_file(), key_file());
        HostProcessOptions options;
        options.work_dir = dir_.path();
        options.env = {{"DMS_TLS_CERT_FILE", certificate_file().string()}, {"DMS_TLS_KEY_FILE", key_file().string()}};
        host_.emplace(options);
    }

    std::filesystem::path certificate_file() const { return dir_.path() / "cert.pem"; }
    std::filesystem::path key_file() const { return dir_.path() / "key.pem"; }
    TlsClient client() { return TlsClient(host_->port(), {first_.certificate_pem, second_.certificate_pem}); }

    // The serial of the certificate a new connection sees, or 0 when it cannot connect.
    long serial_of_a_new_connection() {
        TlsClient fresh = client();
        if (fresh.connect()) return 0;
        return fresh.peer_serial();
    }

    bool logged(std::string_view text) {
        return wait_until([&] { return host_->log().find(text) != std::string::npos; }, 10s);
    }

    TempDir dir_;
    SelfSignedCert first_ = make_self_signed_cert("dms-first", 1);
    SelfSignedCert second_ = make_self_signed_cert("dms-second", 2);
    std::optional<HostProcess> host_;
};

TEST_F(HttpsReloadTest, SighupServesTheNewCertificateToNewConnectionsOnly) {
    EXPECT_TRUE(logged("listening on https://127.0.0.1:")) << host_->log();
    TlsClient open = client();
    ASSERT_FALSE(open.connect());
    ASSERT_EQ(open.peer_serial(), 1);
    ASSERT_EQ(open.get("/healthz").result_int(), 200u);

    second_.write(certificate_file(), key_file());
    ASSERT_EQ(::kill(host_->pid(), SIGHUP), 0);
    EXPECT_TRUE(wait_until([&] { return serial_of_a_new_connection() == 2; }, 10s))
        << "new connections still see serial " << serial_of_a_new_connection() << "\n"
        << host_->log();
    EXPECT_TRUE(logged("TLS certificate reloaded")) << host_->log();

    // The connection opened before the reload goes on as it began.
    EXPECT_EQ(open.get("/healthz").result_int(), 200u);
    EXPECT_EQ(open.peer_serial(), 1);
    TlsClient fresh = client();
    ASSERT_FALSE(fresh.connect());
    EXPECT_EQ(fresh.peer_common_name(), "dms-second");
    EXPECT_EQ(fresh.get("/healthz").result_int(), 200u);
    EXPECT_EQ(host_->terminate(), 0) << host_->log();
}

TEST_F(HttpsReloadTest, AFailedReloadKeepsTheCertificateInUse) {
    replace_file(key_file(), second_.key_pem);  // the first certificate with the second's key: no match
    ASSERT_EQ(::kill(host_->pid(), SIGHUP), 0);
    EXPECT_TRUE(logged("TLS certificate not reloaded")) << host_->log();
    EXPECT_THAT(host_->log(), HasSubstr("does not match"));
    EXPECT_EQ(serial_of_a_new_connection(), 1);
    TlsClient tls = client();
    ASSERT_FALSE(tls.connect());
    EXPECT_EQ(tls.get("/healthz").result_int(), 200u);
    EXPECT_TRUE(host_->exited_by_itself() == false) << "SIGHUP ended the host";
}

TEST(HttpsStartTest, AMismatchedKeyStopsTheHostBeforeItListens) {
    TempDir dir;
    make_self_signed_cert("one", 1).write(dir.path() / "cert.pem", dir.path() / "unused.pem");
    make_self_signed_cert("two", 2).write(dir.path() / "other.pem", dir.path() / "key.pem");
    auto result = run_host_command({},
                                   {{"DMS_TLS_CERT_FILE", (dir.path() / "cert.pem").string()},
                                    {"DMS_TLS_KEY_FILE", (dir.path() / "key.pem").string()},
                                    {"DMS_DATA_DIR", (dir.path() / "data").string()}},
                                   dir.path());
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_THAT(result.output, HasSubstr("DMS_TLS_CERT_FILE/DMS_TLS_KEY_FILE"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "data")) << "the host got as far as its data directory";
}

}  // namespace
}  // namespace dms::test
