#include "file_hasher.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace dms::fs {
namespace {

constexpr std::size_t kBuffer = 1 << 20;
constexpr std::size_t kStopCheckEvery = 8;  // buffers: 8 MiB

std::string hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(size * 2, '0');
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = kDigits[bytes[i] >> 4];
        out[2 * i + 1] = kDigits[bytes[i] & 15];
    }
    return out;
}

// The two hash libraries behind one feed-and-finish face.
class Digest {
 public:
    explicit Digest(HashKind kind) : kind_(kind) {
        if (kind_ == HashKind::xxh3) {
            xxh_.reset(XXH3_createState());
            if (!xxh_ || XXH3_64bits_reset(xxh_.get()) != XXH_OK) throw std::runtime_error("xxh3: cannot start");
        } else {
            evp_.reset(EVP_MD_CTX_new());
            if (!evp_ || EVP_DigestInit_ex(evp_.get(), EVP_sha256(), nullptr) != 1) {
                throw std::runtime_error("sha256: cannot start");
            }
        }
    }
    void update(const char* data, std::size_t size) {
        if (kind_ == HashKind::xxh3) {
            XXH3_64bits_update(xxh_.get(), data, size);
        } else {
            EVP_DigestUpdate(evp_.get(), data, size);
        }
    }
    std::string finish() {
        if (kind_ == HashKind::xxh3) {
            XXH64_canonical_t canonical;
            XXH64_canonicalFromHash(&canonical, XXH3_64bits_digest(xxh_.get()));
            return hex(canonical.digest, sizeof canonical.digest);
        }
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(evp_.get(), out, &length);
        return hex(out, length);
    }

 private:
    struct XxhFree {
        void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
    };
    struct EvpFree {
        void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
    };
    HashKind kind_;
    std::unique_ptr<XXH3_state_t, XxhFree> xxh_;
    std::unique_ptr<EVP_MD_CTX, EvpFree> evp_;
};

}  // namespace

std::string_view hash_name(HashKind kind) {
    switch (kind) {
        case HashKind::xxh3:
            return "xxh3";
        case HashKind::sha256:
            return "sha256";
        case HashKind::none:
            break;
    }
    return "none";
}

std::optional<HashKind> parse_hash(std::string_view name) {
    if (name == "none") return HashKind::none;
    if (name == "xxh3") return HashKind::xxh3;
    if (name == "sha256") return HashKind::sha256;
    return std::nullopt;
}

std::optional<std::string> FileHasher::hex_of(int fd, const std::function<bool()>& stop) const {
    if (kind_ == HashKind::none) return std::string();
    Digest digest(kind_);
    thread_local std::vector<char> buffer(kBuffer);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    off_t offset = 0;
    for (std::size_t pieces = 0;; ++pieces) {
        if (stop && pieces % kStopCheckEvery == 0 && stop()) return std::nullopt;
        ssize_t got = ::pread(fd, buffer.data(), buffer.size(), offset);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw std::system_error(errno, std::generic_category(), "read");
        if (got == 0) break;
        digest.update(buffer.data(), static_cast<std::size_t>(got));
        offset += got;
    }
    return digest.finish();
}

}  // namespace dms::fs
