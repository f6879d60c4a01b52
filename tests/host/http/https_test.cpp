#include <openssl/ssl.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "config/config_loader.hpp"
#include "support/self_signed_cert.hpp"
#include "support/test_host.hpp"
#include "tls_client.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// Points the configuration at `certificate`, written into the host's folder.
void use_certificate(config::Config& config, const std::filesystem::path& root, const SelfSignedCert& certificate) {
    config.tls_cert_file = root / "cert.pem";
    config.tls_key_file = root / "key.pem";
    certificate.write(config.tls_cert_file, config.tls_key_file);
}

// An in-process host speaking HTTPS with a fresh self-signed certificate and a one-second request timeout.
class HttpsTest : public ::testing::Test {
 protected:
    HttpsTest()
        : certificate_(make_self_signed_cert("dms-test-1", 1)),
          host_([this](config::Config& config, const std::filesystem::path& root) {
              use_certificate(config, root, certificate_);
              config.request_timeout_seconds = 1;
          }) {}

    TlsClient client(int only_version = 0) {
        return TlsClient(host_.port(), {certificate_.certificate_pem}, only_version);
    }

    SelfSignedCert certificate_;
    TestHost host_;
};

TEST_F(HttpsTest, HealthzAnswersOverHttpsAndTheConnectionIsKeptAlive) {
    TlsClient tls = client();
    ASSERT_FALSE(tls.connect()) << "the handshake, verifying the generated certificate for 127.0.0.1";
    EXPECT_EQ(tls.peer_serial(), 1);
    EXPECT_EQ(tls.peer_common_name(), "dms-test-1");
    for (int i = 0; i < 5; ++i) EXPECT_EQ(tls.get("/healthz").result_int(), 200u) << "request " << i;
}

TEST_F(HttpsTest, ATls11OnlyClientIsRefusedTheHandshake) {
    TlsClient old = client(TLS1_1_VERSION);
    auto error = old.connect();
    ASSERT_TRUE(error) << "a TLS 1.1 handshake succeeded";
    // The server's alert, not this client's own refusal to offer TLS 1.1.
    EXPECT_THAT(error.message(), HasSubstr("protocol version")) << error.message();
    TlsClient tls = client();
    ASSERT_FALSE(tls.connect());
    EXPECT_EQ(tls.get("/healthz").result_int(), 200u);
}

TEST_F(HttpsTest, PlainHttpOnTheTlsPortIsClosedAndTheHostServesOn) {
    RawConnection plain(host_.port());
    plain.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string answer;
    ASSERT_TRUE(plain.closed_by_peer_within(10s, &answer)) << "a plain HTTP client was kept";
    EXPECT_EQ(answer.find("HTTP/1.1"), std::string::npos) << "answered in plain text: " << answer;
    TlsClient tls = client();
    ASSERT_FALSE(tls.connect());
    EXPECT_EQ(tls.get("/healthz").result_int(), 200u);
}

TEST_F(HttpsTest, AClientThatSendsNothingIsDroppedAfterTheRequestTimeout) {
    RawConnection silent(host_.port());
    auto opened = Clock::now();
    ASSERT_TRUE(silent.closed_by_peer_within(10s)) << "a silent client held its connection past 10 s";
    EXPECT_GE(Clock::now() - opened, 800ms) << "dropped before the 1 s request timeout";
    TlsClient tls = client();
    ASSERT_FALSE(tls.connect());
    EXPECT_EQ(tls.get("/healthz").result_int(), 200u);
}

TEST_F(HttpsTest, HeaderLimitsHoldOverTls) {
    TlsClient tls = client();
    ASSERT_FALSE(tls.connect());
    TlsResponse response = tls.get("/healthz", {{"X-Filler", std::string(32 * 1024, 'a')}});
    EXPECT_EQ(response.result_int(), 431u) << response.body();
    EXPECT_THAT(response.body(), HasSubstr("headers_too_large"));
}

TEST(HttpsConnectionCapTest, AConnectionOverTheCapGets503OverTls) {
    SelfSignedCert certificate = make_self_signed_cert("dms-test-cap", 7);
    TestHost host([&](config::Config& config, const std::filesystem::path& root) {
        use_certificate(config, root, certificate);
        config.max_connections = 1;
    });
    TlsClient first(host.port(), {certificate.certificate_pem});
    ASSERT_FALSE(first.connect());
    ASSERT_EQ(first.get("/healthz").result_int(), 200u);  // and it stays open, holding the one slot
    TlsClient second(host.port(), {certificate.certificate_pem});
    ASSERT_FALSE(second.connect()) << "the refusal is sent over TLS, after the handshake";
    TlsResponse refused = second.read_response();
    EXPECT_EQ(refused.result_int(), 503u) << refused.body();
    EXPECT_THAT(refused.body(), HasSubstr("too_many_connections"));
    EXPECT_EQ(refused[boost::beast::http::field::retry_after], "1");
    EXPECT_EQ(first.get("/healthz").result_int(), 200u);
}

// The configuration loader reads the files before the host starts.
class HttpsSettingsTest : public ::testing::Test {
 protected:
    static config::LoadResult load(const std::filesystem::path& certificate, const std::filesystem::path& key) {
        std::vector<std::string> args{"dms-host"};
        if (!certificate.empty()) args.insert(args.end(), {"--tls-cert-file", certificate.string()});
        if (!key.empty()) args.insert(args.end(), {"--tls-key-file", key.string()});
        std::vector<const char*> argv;
        for (const auto& arg : args) argv.push_back(arg.c_str());
        return config::load_config(static_cast<int>(argv.size()), argv.data());
    }

    TempDir dir_;
};

TEST_F(HttpsSettingsTest, AMatchingPairIsAccepted) {
    make_self_signed_cert("ok", 1).write(dir_.path() / "cert.pem", dir_.path() / "key.pem");
    auto result = load(dir_.path() / "cert.pem", dir_.path() / "key.pem");
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->tls_cert_file, dir_.path() / "cert.pem");
}

TEST_F(HttpsSettingsTest, AKeyThatDoesNotMatchTheCertificateIsRefused) {
    make_self_signed_cert("one", 1).write(dir_.path() / "cert.pem", dir_.path() / "unused.pem");
    make_self_signed_cert("two", 2).write(dir_.path() / "other.pem", dir_.path() / "key.pem");
    auto result = load(dir_.path() / "cert.pem", dir_.path() / "key.pem");
    EXPECT_FALSE(result.config);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.error, HasSubstr("DMS_TLS_CERT_FILE/DMS_TLS_KEY_FILE"));
    EXPECT_THAT(result.error, HasSubstr("does not match the certificate")) << result.error;
}

TEST_F(HttpsSettingsTest, OneFileAloneIsRefused) {
    make_self_signed_cert("one", 1).write(dir_.path() / "cert.pem", dir_.path() / "key.pem");
    auto result = load(dir_.path() / "cert.pem", {});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.error, HasSubstr("must be set together"));
    result = load({}, dir_.path() / "key.pem");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.error, HasSubstr("must be set together"));
}

TEST_F(HttpsSettingsTest, AnUnreadableOrNonPemFileIsRefusedNamingIt) {
    make_self_signed_cert("one", 1).write(dir_.path() / "cert.pem", dir_.path() / "key.pem");
    auto missing = load(dir_.path() / "absent.pem", dir_.path() / "key.pem");
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_THAT(missing.error, HasSubstr("cannot read the certificate file"));
    EXPECT_THAT(missing.error, HasSubstr("absent.pem"));
    replace_file(dir_.path() / "garbage.pem", "not a key\n");
    auto garbage = load(dir_.path() / "cert.pem", dir_.path() / "garbage.pem");
    EXPECT_EQ(garbage.exit_code, 2);
    EXPECT_THAT(garbage.error, HasSubstr("garbage.pem"));
}

TEST_F(HttpsSettingsTest, HelpAndShowConfigListTheSettings) {
    std::vector<const char*> help{"dms-host", "--help"};
    auto result = config::load_config(2, help.data());
    EXPECT_THAT(result.output, HasSubstr("DMS_TLS_CERT_FILE"));
    EXPECT_THAT(result.output, HasSubstr("DMS_TLS_KEY_FILE"));
    EXPECT_TRUE(config::Config{}.to_json().contains("DMS_TLS_CERT_FILE"));
}

}  // namespace
}  // namespace dms::test
