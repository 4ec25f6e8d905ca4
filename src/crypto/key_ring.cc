// Key file format (docs/formats/key-file.md), version 1:
//
//   leerrecht-key-v1 <base64 of the 32-byte master key>\n
//
// exactly one line of 62 bytes: the tag, one space, 44 characters of standard padded base64
// (RFC 4648 §4, sodium_base64_VARIANT_ORIGINAL), one "\n". Nothing before or after, no "\r".
// The file is a regular file with mode 0600 (no group/other bits at all).
//
// Subkeys: crypto_kdf_derive_from_key(32 bytes, id, "LRECHT01", master) with
//   1 = encryption (XChaCha20-Poly1305-IETF)   2 = key id          3 = blind index
//   4 = subject pseudonym                       5 = Ed25519 seed
// These ids are part of the contract: a database written under one assignment is unreadable
// under another.
#include "crypto/key_ring.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <span>

#include <sodium.h>

#include "crypto/encoding.h"
#include "crypto/sodium_support.h"

namespace leerrecht::crypto {
namespace internal {

struct KeyRingSecrets {
  unsigned char master[crypto_kdf_KEYBYTES];
  unsigned char encryption[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  unsigned char key_id[crypto_generichash_KEYBYTES];
  unsigned char blind_index[crypto_generichash_KEYBYTES];
  unsigned char pseudonym[crypto_generichash_KEYBYTES];
  unsigned char sign_secret[crypto_sign_SECRETKEYBYTES];
  unsigned char sign_public[crypto_sign_PUBLICKEYBYTES];
};

void KeyRingSecretsDeleter::operator()(KeyRingSecrets* secrets) const {
  sodium_free(secrets);  // wipes the memory before unmapping it
}

}  // namespace internal

namespace {

using internal::KeyRingSecrets;
using internal::KeyRingSecretsPtr;

constexpr std::string_view kFileTag = "leerrecht-key-v1";
constexpr std::string_view kFileTagFamily = "leerrecht-key-v";
constexpr int kBase64Variant = sodium_base64_VARIANT_ORIGINAL;
constexpr std::size_t kBase64Length = sodium_base64_ENCODED_LEN(KeyRing::kMasterKeyBytes, kBase64Variant) - 1;
constexpr std::size_t kFileLength = kFileTag.size() + 1 + kBase64Length + 1;
constexpr unsigned char kSealedVersion = 0x01;

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "LRECHT01";
enum class SubkeyId : std::uint64_t {
  kEncryption = 1,
  kKeyId = 2,
  kBlindIndex = 3,
  kPseudonym = 4,
  kSigningSeed = 5,
};
constexpr std::string_view kKeyIdMessage = "leerrecht key id";
constexpr std::size_t kKeyIdBytes = 8;        // 16 hex chars: enough to tell keys apart
constexpr std::size_t kLookupHashBytes = 16;  // blind index and pseudonym: 128 bits

static_assert(KeyRing::kMasterKeyBytes == crypto_kdf_KEYBYTES);
static_assert(KeyRing::kSignatureBytes == crypto_sign_BYTES);
static_assert(KeyRing::kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(KeyRing::kSealedOverheadBytes ==
              1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kFileLength == 62);
static_assert(kLookupHashBytes >= crypto_generichash_BYTES_MIN);
static_assert(crypto_sign_SEEDBYTES == 32);

std::string ErrnoText(int error) { return std::strerror(error); }

// One message for every cause of a failed decryption: telling them apart would help an attacker
// probe, not an operator.
Status DecryptFailed() { return Status::InvalidInput("ontsleutelen mislukt"); }

unsigned char* Data(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Closes the descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }
  // Closes now and reports the result: on some file systems a failed close is the first sign of
  // a failed write.
  bool Close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result == 0;
  }

 private:
  int fd_;
};

bool WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (written == 0) {  // no progress and no error: give up rather than spin
      errno = EIO;
      return false;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

// Reads until end of file or until `capacity` bytes are in; returns the count, or -1 on error.
ssize_t ReadUpTo(int fd, char* buffer, std::size_t capacity) {
  std::size_t total = 0;
  while (total < capacity) {
    const ssize_t got = ::read(fd, buffer + total, capacity - total);
    if (got < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
  }
  return static_cast<ssize_t>(total);
}

// Makes the new directory entry durable: fsync of the file alone does not persist its name.
bool SyncDirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  return ::fsync(fd.get()) == 0;
}

// Guarded memory for the secrets; null when it cannot be mapped.
KeyRingSecretsPtr AllocateSecrets() {
  void* memory = sodium_malloc(sizeof(KeyRingSecrets));
  if (memory == nullptr) return nullptr;
  return KeyRingSecretsPtr(new (memory) KeyRingSecrets);
}

void Derive(unsigned char* subkey, std::size_t size, SubkeyId id, const unsigned char* master) {
  crypto_kdf_derive_from_key(subkey, size, static_cast<std::uint64_t>(id), kKdfContext, master);
}

// Fills every subkey from secrets.master.
void DeriveAll(KeyRingSecrets& secrets) {
  Derive(secrets.encryption, sizeof secrets.encryption, SubkeyId::kEncryption, secrets.master);
  Derive(secrets.key_id, sizeof secrets.key_id, SubkeyId::kKeyId, secrets.master);
  Derive(secrets.blind_index, sizeof secrets.blind_index, SubkeyId::kBlindIndex, secrets.master);
  Derive(secrets.pseudonym, sizeof secrets.pseudonym, SubkeyId::kPseudonym, secrets.master);
  unsigned char seed[crypto_sign_SEEDBYTES];
  Derive(seed, sizeof seed, SubkeyId::kSigningSeed, secrets.master);
  crypto_sign_seed_keypair(secrets.sign_public, secrets.sign_secret, seed);
  sodium_memzero(seed, sizeof seed);
}

// 16 bytes of BLAKE2b keyed with `key` over `parts` in order, as 32 hex chars.
std::string KeyedLookupHash(const unsigned char* key, std::initializer_list<std::string_view> parts) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key, crypto_generichash_KEYBYTES, kLookupHashBytes);
  for (std::string_view part : parts) crypto_generichash_update(&state, AsBytes(part), part.size());
  unsigned char out[kLookupHashBytes];
  crypto_generichash_final(&state, out, sizeof out);
  sodium_memzero(&state, sizeof state);  // the state holds the keyed chaining values
  return HexEncode(std::span<const std::uint8_t>(out, sizeof out));
}

Status Malformed(const std::string& path) {
  return Status::InvalidInput("sleutelbestand " + path + " heeft een ongeldig formaat (verwacht: \"" +
                              std::string(kFileTag) + " <base64 van 32 bytes>\" op een regel)");
}

// Parses the file content into secrets.master. The caller wipes `content`.
Status ParseKeyFile(const std::string& path, std::string_view content, KeyRingSecrets& secrets) {
  const bool tagged =
      content.size() > kFileTag.size() && content.starts_with(kFileTag) && content[kFileTag.size()] == ' ';
  if (!tagged && content.starts_with(kFileTagFamily)) {
    // A key file of a newer (or older) version: say so rather than "malformed", because the fix is
    // a matching program version, not a new key.
    return Status::InvalidInput("sleutelbestand " + path + " heeft een onbekende versie (verwacht " +
                                std::string(kFileTag) + ")");
  }
  if (!tagged || content.size() != kFileLength || content.back() != '\n') return Malformed(path);
  const std::string_view base64 = content.substr(kFileTag.size() + 1, kBase64Length);
  std::size_t length = 0;
  if (sodium_base642bin(secrets.master, sizeof secrets.master, base64.data(), base64.size(), nullptr, &length, nullptr,
                        kBase64Variant) != 0 ||
      length != sizeof secrets.master) {
    return Malformed(path);
  }
  return Status::Ok();
}

}  // namespace

KeyRing::KeyRing(internal::KeyRingSecretsPtr secrets) : secrets_(std::move(secrets)) {}
KeyRing::KeyRing(KeyRing&&) noexcept = default;
KeyRing& KeyRing::operator=(KeyRing&&) noexcept = default;
KeyRing::~KeyRing() = default;

Result<KeyRing> KeyRing::Create(const std::string& path) {
  EnsureSodium();
  KeyRingSecretsPtr secrets = AllocateSecrets();
  if (!secrets) return Status(ErrorCode::kUnavailable, "geen beveiligd geheugen voor de sleutel");
  randombytes_buf(secrets->master, sizeof secrets->master);

  // Built in a fixed buffer rather than a std::string so no copy of the key outlives this call.
  char line[kFileLength + 1];
  std::memcpy(line, kFileTag.data(), kFileTag.size());
  line[kFileTag.size()] = ' ';
  sodium_bin2base64(line + kFileTag.size() + 1, kBase64Length + 1, secrets->master, sizeof secrets->master,
                    kBase64Variant);
  line[kFileLength - 1] = '\n';
  line[kFileLength] = '\0';

  // O_EXCL: never replace an existing key, whatever the caller checked before; that key may be the
  // only way to read a database.
  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    const int error = errno;
    sodium_memzero(line, sizeof line);
    if (error == EEXIST) return Status::Conflict("sleutelbestand bestaat al: " + path);
    return Status::Io("sleutelbestand " + path + " kan niet worden aangemaakt: " + ErrnoText(error));
  }
  // The process umask may have removed bits of 0600; the mode is set explicitly so the file is
  // 0600 exactly, readable by its owner whatever the umask.
  const char* failed_step = nullptr;
  if (::fchmod(fd.get(), 0600) != 0) {
    failed_step = "chmod";
  } else if (!WriteAll(fd.get(), line, kFileLength)) {
    failed_step = "schrijven";
  } else if (::fsync(fd.get()) != 0) {
    failed_step = "fsync";
  } else if (!fd.Close()) {
    failed_step = "sluiten";
  } else if (!SyncDirectoryOf(path)) {
    failed_step = "fsync van de map";
  }
  const int error = errno;
  sodium_memzero(line, sizeof line);
  if (failed_step != nullptr) {
    // Remove the half-made file: otherwise a retry would report a conflict over a key that was
    // never complete and never used.
    ::unlink(path.c_str());
    return Status::Io("sleutelbestand " + path + " kan niet worden aangemaakt (" + failed_step +
                      "): " + ErrnoText(error));
  }
  DeriveAll(*secrets);
  return KeyRing(std::move(secrets));
}

Result<KeyRing> KeyRing::Load(const std::string& path) {
  EnsureSodium();
  // O_NONBLOCK: opening a FIFO put in place of the key file must not hang the program; it has no
  // effect on regular files.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return Status::NotFound("sleutelbestand niet gevonden: " + path);
    return Status::Io("sleutelbestand " + path + " kan niet worden geopend: " + ErrnoText(error));
  }
  // fstat on the open descriptor, not stat on the path: the checked file is the file read.
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    const int error = errno;
    return Status::Io("sleutelbestand " + path + " kan niet worden gelezen: " + ErrnoText(error));
  }
  if (!S_ISREG(info.st_mode)) return Status::InvalidInput("sleutelbestand " + path + " is geen gewoon bestand");
  // Like ssh with private keys: refuse rather than warn, because a key readable by others has to
  // be treated as leaked, and any other bit (write, execute) shows the mode was never set on purpose.
  if ((info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
    return Status::Refused("sleutelbestand " + path + " is leesbaar voor anderen (chmod 600)");
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::Refused("sleutelbestand " + path + " is toegankelijk voor anderen (chmod 600)");
  }

  char content[kFileLength + 1];  // one byte more than valid, to notice trailing data
  const ssize_t size = ReadUpTo(fd.get(), content, sizeof content);
  const int read_error = errno;
  if (size < 0) {
    sodium_memzero(content, sizeof content);
    return Status::Io("sleutelbestand " + path + " kan niet worden gelezen: " + ErrnoText(read_error));
  }
  KeyRingSecretsPtr secrets = AllocateSecrets();
  if (!secrets) {
    sodium_memzero(content, sizeof content);
    return Status(ErrorCode::kUnavailable, "geen beveiligd geheugen voor de sleutel");
  }
  Status parsed = ParseKeyFile(path, std::string_view(content, static_cast<std::size_t>(size)), *secrets);
  sodium_memzero(content, sizeof content);
  if (!parsed.ok()) return parsed;
  DeriveAll(*secrets);
  return KeyRing(std::move(secrets));
}

KeyRing KeyRing::FromMasterKey(std::string_view master32) {
  EnsureSodium();
  if (master32.size() != kMasterKeyBytes) {
    std::fputs("leerrecht: KeyRing::FromMasterKey vereist precies 32 bytes\n", stderr);
    std::abort();
  }
  KeyRingSecretsPtr secrets = AllocateSecrets();
  if (!secrets) {
    std::fputs("leerrecht: geen beveiligd geheugen voor de sleutel\n", stderr);
    std::abort();
  }
  std::memcpy(secrets->master, master32.data(), kMasterKeyBytes);
  DeriveAll(*secrets);
  return KeyRing(std::move(secrets));
}

std::string KeyRing::PathFor(const std::string& data_dir) {
  const char* from_env = std::getenv(kKeyFileEnv);
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return (std::filesystem::path(data_dir) / "leerrecht.key").string();
}

std::string KeyRing::KeyId() const {
  unsigned char out[crypto_generichash_BYTES_MIN];
  crypto_generichash(out, sizeof out, AsBytes(kKeyIdMessage), kKeyIdMessage.size(), secrets_->key_id,
                     sizeof secrets_->key_id);
  return HexEncode(std::span<const std::uint8_t>(out, kKeyIdBytes));
}

std::string KeyRing::Encrypt(std::string_view plaintext, std::string_view associated_data) const {
  std::string sealed(kSealedOverheadBytes + plaintext.size(), '\0');
  unsigned char* version = Data(sealed);
  unsigned char* nonce = version + 1;
  unsigned char* ciphertext = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  *version = kSealedVersion;
  RandomFill(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long ciphertext_length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext, &ciphertext_length, AsBytes(plaintext), plaintext.size(),
                                             AsBytes(associated_data), associated_data.size(), nullptr, nonce,
                                             secrets_->encryption);
  return sealed;
}

Result<std::string> KeyRing::Decrypt(std::string_view sealed, std::string_view associated_data) const {
  if (sealed.size() < kSealedOverheadBytes) return DecryptFailed();
  const unsigned char* version = AsBytes(sealed);
  if (*version != kSealedVersion) return DecryptFailed();
  const unsigned char* nonce = version + 1;
  const unsigned char* ciphertext = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const std::size_t ciphertext_length = sealed.size() - 1 - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string plaintext(sealed.size() - kSealedOverheadBytes, '\0');
  unsigned long long plaintext_length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(Data(plaintext), &plaintext_length, nullptr, ciphertext,
                                                 ciphertext_length, AsBytes(associated_data), associated_data.size(),
                                                 nonce, secrets_->encryption) != 0) {
    sodium_memzero(plaintext.data(), plaintext.size());
    return DecryptFailed();
  }
  return plaintext;
}

std::string KeyRing::BlindIndex(std::string_view context, std::string_view value) const {
  // The context is length-prefixed so ("ab", "c") and ("a", "bc") hash differently.
  const std::uint64_t context_size = context.size();
  unsigned char prefix[8];
  for (int i = 0; i < 8; ++i) prefix[i] = static_cast<unsigned char>(context_size >> (8 * i));
  return KeyedLookupHash(secrets_->blind_index,
                         {std::string_view(reinterpret_cast<const char*>(prefix), sizeof prefix), context, value});
}

std::string KeyRing::SubjectPseudonym(std::string_view subject_key) const {
  return KeyedLookupHash(secrets_->pseudonym, {subject_key});
}

std::string KeyRing::Sign(std::string_view message) const {
  std::string signature(kSignatureBytes, '\0');
  crypto_sign_detached(Data(signature), nullptr, AsBytes(message), message.size(), secrets_->sign_secret);
  return signature;
}

std::string KeyRing::PublicKey() const {
  return std::string(reinterpret_cast<const char*>(secrets_->sign_public), sizeof secrets_->sign_public);
}

bool KeyRing::VerifySignature(std::string_view public_key, std::string_view message, std::string_view signature) {
  EnsureSodium();
  if (public_key.size() != kPublicKeyBytes || signature.size() != kSignatureBytes) return false;
  return crypto_sign_verify_detached(AsBytes(signature), AsBytes(message), message.size(), AsBytes(public_key)) == 0;
}

}  // namespace leerrecht::crypto
