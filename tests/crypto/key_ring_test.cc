#include "crypto/key_ring.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "crypto/encoding.h"

namespace leerrecht::crypto {
namespace {

// The master key 00 01 02 ... 1f, and values for it computed independently of libsodium's C API
// with Python's hashlib and cryptography (docs/formats/key-file.md, "Test vectors"). They pin the
// derivation: if one changes, every existing database would become unreadable.
std::string CountingMasterKey() {
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(i));
  return key;
}
constexpr const char* kCountingKeyFile = "leerrecht-key-v1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";
constexpr const char* kCountingKeyId = "c54ba018393a476f";
constexpr const char* kCountingBsnIndex = "74dbeebe11355a8122464f8c33cb32d0";   // ("bsn-index", "111222333")
constexpr const char* kCountingPseudonym = "af92b50776b9124d30079f8acf48380e";  // "111222333"
constexpr const char* kCountingPublicKey = "2656b6535510a66a9ca482e2b7f5032c64d5e5690a427ebeec56124157929c75";
// Encrypt("111222333", "youths.bsn:42") under the counting key; checked with Python (HChaCha20 +
// ChaCha20-Poly1305-IETF from cryptography) to decrypt to the same plaintext.
constexpr const char* kStoredBlobHex =
    "0126028a1032a980f54ff4c8fdb92c03fc571e1cf8661f3422931bc09844c6a554cf88d5c78a52b594b085372188e129216f";

KeyRing RandomKeyRing() { return KeyRing::FromMasterKey(RandomBytes(32)); }

bool IsLowerHex(const std::string& text) { return text.find_first_not_of("0123456789abcdef") == std::string::npos; }

// "leerrecht-key-v1 " + 43 base64 characters + "=" + "\n" (32 bytes encode to 44 characters).
bool IsKeyFileLine(const std::string& content) {
  const std::string tag = "leerrecht-key-v1 ";
  if (content.size() != tag.size() + 45 || !content.starts_with(tag) || !content.ends_with("=\n")) return false;
  const std::string base64 = content.substr(tag.size(), 43);
  return base64.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") ==
         std::string::npos;
}

// ---- Files ---------------------------------------------------------------------------------

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "leerrecht-crypto-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string PathOf(const std::string& name) const { return dir_ + "/" + name; }

  static void WriteFile(const std::string& path, const std::string& content, mode_t mode = 0600) {
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << content;
    }
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }
  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }
  static mode_t ModeOf(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0);
    return info.st_mode & 07777;
  }

  std::string dir_;
};

TEST_F(KeyFileTest, CreateWritesOneLineWithMode0600WhateverTheUmask) {
  int n = 0;
  for (mode_t mask : {0000, 0022, 0077, 0277}) {
    const std::string path = PathOf("key" + std::to_string(n++));
    const mode_t previous = ::umask(mask);
    auto ring = KeyRing::Create(path);
    ::umask(previous);
    ASSERT_TRUE(ring.ok()) << ring.status().ToString();
    EXPECT_EQ(ModeOf(path), 0600u) << "umask " << mask;
    const std::string content = ReadFile(path);
    EXPECT_TRUE(IsKeyFileLine(content)) << "umask " << mask;
  }
}

TEST_F(KeyFileTest, CreateNeverOverwritesAnExistingFile) {
  const std::string path = PathOf("leerrecht.key");
  ASSERT_TRUE(KeyRing::Create(path).ok());
  const std::string before = ReadFile(path);

  auto again = KeyRing::Create(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.status().message(), "sleutelbestand bestaat al: " + path);
  EXPECT_EQ(ReadFile(path), before);
  EXPECT_EQ(ModeOf(path), 0600u);

  // Not even a file that is not a key (it may be someone's data).
  const std::string other = PathOf("notes.txt");
  WriteFile(other, "keep me", 0644);
  auto over_other = KeyRing::Create(other);
  ASSERT_FALSE(over_other.ok());
  EXPECT_EQ(over_other.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(ReadFile(other), "keep me");
  EXPECT_EQ(ModeOf(other), 0644u);
}

TEST_F(KeyFileTest, CreateDoesNotFollowASymlinkOverAnExistingPath) {
  const std::string target = PathOf("target");
  const std::string link = PathOf("link");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);  // dangling: O_EXCL must still refuse
  auto ring = KeyRing::Create(link);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.status().code(), ErrorCode::kConflict);
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(KeyFileTest, CreateInMissingDirectoryIsAnIoErrorAndLeavesNothing) {
  const std::string path = PathOf("missing/leerrecht.key");
  auto ring = KeyRing::Create(path);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.status().code(), ErrorCode::kIo);
  EXPECT_NE(ring.status().message().find(path), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(PathOf("missing")));
}

TEST_F(KeyFileTest, LoadGivesTheSameKeysAsCreate) {
  const std::string path = PathOf("leerrecht.key");
  auto created = KeyRing::Create(path);
  ASSERT_TRUE(created.ok());
  const std::string sealed = created->Encrypt("111222333", "youths.bsn:42");
  const std::string signature = created->Sign("checkpoint 1000");

  auto loaded = KeyRing::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->KeyId(), created->KeyId());
  EXPECT_EQ(loaded->PublicKey(), created->PublicKey());
  EXPECT_EQ(loaded->BlindIndex("bsn-index", "111222333"), created->BlindIndex("bsn-index", "111222333"));
  EXPECT_EQ(loaded->SubjectPseudonym("111222333"), created->SubjectPseudonym("111222333"));
  auto plaintext = loaded->Decrypt(sealed, "youths.bsn:42");
  ASSERT_TRUE(plaintext.ok());
  EXPECT_EQ(*plaintext, "111222333");
  EXPECT_TRUE(KeyRing::VerifySignature(loaded->PublicKey(), "checkpoint 1000", signature));
  EXPECT_EQ(loaded->Sign("checkpoint 1000"), signature);  // Ed25519 is deterministic
}

TEST_F(KeyFileTest, LoadReadsTheDocumentedFormat) {
  const std::string path = PathOf("leerrecht.key");
  WriteFile(path, kCountingKeyFile);
  auto ring = KeyRing::Load(path);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->KeyId(), kCountingKeyId);
  EXPECT_EQ(ring->KeyId(), KeyRing::FromMasterKey(CountingMasterKey()).KeyId());
}

TEST_F(KeyFileTest, LoadAcceptsOwnerOnlyModes) {
  const std::string path = PathOf("leerrecht.key");
  for (mode_t mode : {0600, 0400}) {
    WriteFile(path, kCountingKeyFile, mode);
    auto ring = KeyRing::Load(path);
    EXPECT_TRUE(ring.ok()) << std::oct << mode << " " << ring.status().ToString();
  }
}

TEST_F(KeyFileTest, LoadRefusesAFileOthersCanRead) {
  const std::string path = PathOf("leerrecht.key");
  for (mode_t mode : {0640, 0604, 0644, 0660}) {
    WriteFile(path, kCountingKeyFile, mode);
    auto ring = KeyRing::Load(path);
    ASSERT_FALSE(ring.ok()) << std::oct << mode;
    EXPECT_EQ(ring.status().code(), ErrorCode::kRefused);
    EXPECT_EQ(ring.status().message(), "sleutelbestand " + path + " is leesbaar voor anderen (chmod 600)");
  }
  for (mode_t mode : {0620, 0602, 0610, 0601}) {
    WriteFile(path, kCountingKeyFile, mode);
    auto ring = KeyRing::Load(path);
    ASSERT_FALSE(ring.ok()) << std::oct << mode;
    EXPECT_EQ(ring.status().code(), ErrorCode::kRefused);
    EXPECT_NE(ring.status().message().find("(chmod 600)"), std::string::npos);
  }
}

TEST_F(KeyFileTest, LoadRejectsMalformedFilesWithoutShowingTheKey) {
  const std::string good = kCountingKeyFile;
  const std::string base64 = good.substr(17, 44);
  const std::string path = PathOf("leerrecht.key");
  for (const std::string& content : {
           std::string(),
           good.substr(0, 30),                        // truncated
           good.substr(0, good.size() - 1),           // no newline
           good.substr(0, good.size() - 1) + "\r\n",  // CRLF
           good + "\n",                               // extra empty line
           good + good,                               // two keys
           " " + good,                                // leading space
           "leerrecht-key-v1  " + base64 + "\n",      // two spaces
           "LEERRECHT-KEY-V1 " + base64 + "\n",       // wrong case
           "leerrecht-key-v1 " + Base64Encode(std::string(31, 'k')) + "\n",
           "leerrecht-key-v1 " + Base64Encode(std::string(33, 'k')) + "\n",
           "leerrecht-key-v1 " + base64.substr(0, 43) + "_\n",  // not base64
           "leerrecht-key-v1 " + HexEncode(CountingMasterKey()) + "\n",
           std::string("\x00\x01garbage\xff", 10),
       }) {
    WriteFile(path, content);
    auto ring = KeyRing::Load(path);
    ASSERT_FALSE(ring.ok()) << content;
    EXPECT_EQ(ring.status().code(), ErrorCode::kInvalidInput) << content;
    EXPECT_NE(ring.status().message().find(path), std::string::npos) << ring.status().message();
    EXPECT_EQ(ring.status().message().find(base64.substr(0, 12)), std::string::npos) << ring.status().message();
  }
}

TEST_F(KeyFileTest, LoadNamesAnUnknownVersion) {
  const std::string path = PathOf("leerrecht.key");
  WriteFile(path, "leerrecht-key-v2 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
  auto ring = KeyRing::Load(path);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(ring.status().message().find("onbekende versie"), std::string::npos) << ring.status().message();
}

TEST_F(KeyFileTest, LoadOfMissingFileIsNotFound) {
  for (const std::string& path : {PathOf("leerrecht.key"), PathOf("no-such-dir/leerrecht.key")}) {
    auto ring = KeyRing::Load(path);
    ASSERT_FALSE(ring.ok());
    EXPECT_EQ(ring.status().code(), ErrorCode::kNotFound);
    EXPECT_EQ(ring.status().message(), "sleutelbestand niet gevonden: " + path);
  }
}

TEST_F(KeyFileTest, LoadRejectsADirectoryAndAFifo) {
  ASSERT_EQ(::chmod(dir_.c_str(), 0700), 0);
  auto directory = KeyRing::Load(dir_);
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().code(), ErrorCode::kInvalidInput);

  const std::string fifo = PathOf("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto from_fifo = KeyRing::Load(fifo);  // must return, not block waiting for a writer
  ASSERT_FALSE(from_fifo.ok());
  EXPECT_EQ(from_fifo.status().code(), ErrorCode::kInvalidInput);
}

TEST_F(KeyFileTest, LoadFollowsASymlinkToAProperKeyFile) {
  // Secret mounts (Kubernetes, systemd credentials) present the key as a symlink.
  const std::string target = PathOf("leerrecht.key");
  const std::string link = PathOf("link.key");
  WriteFile(target, kCountingKeyFile);
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  auto ring = KeyRing::Load(link);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ(ring->KeyId(), kCountingKeyId);
}

// Sets or clears an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) previous_ = old;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (previous_) {
      ::setenv(name_, previous_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> previous_;
};

TEST(KeyRingPathTest, DefaultsToTheDataFolder) {
  ScopedEnv env(kKeyFileEnv, nullptr);
  EXPECT_EQ(KeyRing::PathFor("/var/lib/leerrecht"), "/var/lib/leerrecht/leerrecht.key");
  EXPECT_EQ(KeyRing::PathFor("/var/lib/leerrecht/"), "/var/lib/leerrecht/leerrecht.key");
  EXPECT_EQ(KeyRing::PathFor("data"), "data/leerrecht.key");
}

TEST(KeyRingPathTest, EnvironmentVariableOverrides) {
  ScopedEnv env(kKeyFileEnv, "/run/secrets/leerrecht.key");
  EXPECT_EQ(std::string(kKeyFileEnv), "LEERRECHT_KEY_FILE");
  EXPECT_EQ(KeyRing::PathFor("/var/lib/leerrecht"), "/run/secrets/leerrecht.key");
}

TEST(KeyRingPathTest, EmptyEnvironmentVariableIsIgnored) {
  ScopedEnv env(kKeyFileEnv, "");
  EXPECT_EQ(KeyRing::PathFor("/var/lib/leerrecht"), "/var/lib/leerrecht/leerrecht.key");
}

// ---- Derived keys ------------------------------------------------------------------------------

TEST(KeyRingTest, DerivationMatchesTheIndependentlyComputedVectors) {
  const KeyRing ring = KeyRing::FromMasterKey(CountingMasterKey());
  EXPECT_EQ(ring.KeyId(), kCountingKeyId);
  EXPECT_EQ(ring.BlindIndex("bsn-index", "111222333"), kCountingBsnIndex);
  EXPECT_EQ(ring.SubjectPseudonym("111222333"), kCountingPseudonym);
  EXPECT_EQ(HexEncode(ring.PublicKey()), kCountingPublicKey);
}

TEST(KeyRingTest, KeyIdIsShortHexAndDiffersPerKey) {
  const KeyRing a = RandomKeyRing();
  const KeyRing b = RandomKeyRing();
  EXPECT_EQ(a.KeyId().size(), 16u);
  EXPECT_TRUE(IsLowerHex(a.KeyId()));
  EXPECT_EQ(a.KeyId(), a.KeyId());
  EXPECT_NE(a.KeyId(), b.KeyId());
}

TEST(KeyRingTest, BlindIndexIsDeterministicHexPerKeyAndContext) {
  const KeyRing a = RandomKeyRing();
  const KeyRing b = RandomKeyRing();
  const std::string index = a.BlindIndex("bsn-index", "111222333");
  EXPECT_EQ(index.size(), 32u);
  EXPECT_TRUE(IsLowerHex(index));
  EXPECT_EQ(a.BlindIndex("bsn-index", "111222333"), index);
  EXPECT_NE(a.BlindIndex("bsn-index", "123456782"), index);
  EXPECT_NE(a.BlindIndex("email-index", "111222333"), index);
  EXPECT_NE(b.BlindIndex("bsn-index", "111222333"), index);
  EXPECT_EQ(index.find("111222333"), std::string::npos);
  // The context is length-prefixed, so moving bytes between context and value changes the index.
  EXPECT_NE(a.BlindIndex("ab", "c"), a.BlindIndex("a", "bc"));
  EXPECT_NE(a.BlindIndex("", "abc"), a.BlindIndex("abc", ""));
}

TEST(KeyRingTest, SubjectPseudonymIsNotABlindIndex) {
  const KeyRing a = RandomKeyRing();
  const std::string pseudonym = a.SubjectPseudonym("111222333");
  EXPECT_EQ(pseudonym.size(), 32u);
  EXPECT_TRUE(IsLowerHex(pseudonym));
  EXPECT_EQ(a.SubjectPseudonym("111222333"), pseudonym);
  EXPECT_NE(a.SubjectPseudonym("123456782"), pseudonym);
  EXPECT_NE(RandomKeyRing().SubjectPseudonym("111222333"), pseudonym);
  for (const char* context : {"", "bsn-index", "subject", "pseudonym"}) {
    EXPECT_NE(a.BlindIndex(context, "111222333"), pseudonym) << context;
  }
}

// ---- Encryption --------------------------------------------------------------------------------

TEST(KeyRingTest, EncryptDecryptRoundTrips) {
  const KeyRing ring = RandomKeyRing();
  for (const std::string& plaintext :
       {std::string(), std::string("111222333"), std::string("a\0b", 3), RandomBytes(1 << 20)}) {
    const std::string sealed = ring.Encrypt(plaintext, "youths.bsn:42");
    EXPECT_EQ(sealed.size(), plaintext.size() + KeyRing::kSealedOverheadBytes);
    EXPECT_EQ(sealed[0], '\x01');
    auto opened = ring.Decrypt(sealed, "youths.bsn:42");
    ASSERT_TRUE(opened.ok()) << plaintext.size();
    EXPECT_EQ(*opened, plaintext);
  }
}

TEST(KeyRingTest, EmptyAssociatedDataWorks) {
  const KeyRing ring = RandomKeyRing();
  auto opened = ring.Decrypt(ring.Encrypt("note", ""), "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "note");
  EXPECT_FALSE(ring.Decrypt(ring.Encrypt("note", ""), "x").ok());
}

TEST(KeyRingTest, EncryptionIsRandomisedAndHidesThePlaintext) {
  const KeyRing ring = RandomKeyRing();
  const std::string a = ring.Encrypt("111222333", "youths.bsn:42");
  const std::string b = ring.Encrypt("111222333", "youths.bsn:42");
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(1, 24), b.substr(1, 24));  // fresh nonce each time
  for (const std::string& sealed : {a, b}) {
    EXPECT_EQ(sealed.find("111222333"), std::string::npos);
    EXPECT_EQ(sealed.find("youths.bsn"), std::string::npos);  // associated data is bound, not stored
  }
}

void ExpectDecryptFails(const KeyRing& ring, const std::string& sealed, std::string_view ad, const std::string& why) {
  auto opened = ring.Decrypt(sealed, ad);
  ASSERT_FALSE(opened.ok()) << why;
  EXPECT_EQ(opened.status().code(), ErrorCode::kInvalidInput) << why;
  EXPECT_EQ(opened.status().message(), "ontsleutelen mislukt") << why;
}

TEST(KeyRingTest, EveryFlippedBitIsDetected) {
  const KeyRing ring = RandomKeyRing();
  const std::string sealed = ring.Encrypt("111222333", "youths.bsn:42");
  for (std::size_t byte = 0; byte < sealed.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string tampered = sealed;
      tampered[byte] = static_cast<char>(tampered[byte] ^ (1 << bit));
      ExpectDecryptFails(ring, tampered, "youths.bsn:42",
                         "byte " + std::to_string(byte) + " bit " + std::to_string(bit));
    }
  }
}

TEST(KeyRingTest, WrongAssociatedDataOrKeyFails) {
  const KeyRing ring = RandomKeyRing();
  const std::string sealed = ring.Encrypt("111222333", "youths.bsn:42");
  ExpectDecryptFails(ring, sealed, "youths.bsn:43", "other row");
  ExpectDecryptFails(ring, sealed, "youths.name:42", "other column");
  ExpectDecryptFails(ring, sealed, "", "no associated data");
  ExpectDecryptFails(RandomKeyRing(), sealed, "youths.bsn:42", "other key");
}

TEST(KeyRingTest, TruncatedOrExtendedBlobFails) {
  const KeyRing ring = RandomKeyRing();
  const std::string sealed = ring.Encrypt("111222333", "youths.bsn:42");
  for (std::size_t length = 0; length < sealed.size(); ++length) {
    ExpectDecryptFails(ring, sealed.substr(0, length), "youths.bsn:42", "length " + std::to_string(length));
  }
  ExpectDecryptFails(ring, sealed + '\0', "youths.bsn:42", "extra byte");
  ExpectDecryptFails(ring, sealed.substr(1), "youths.bsn:42", "no version byte");
}

TEST(KeyRingTest, DecryptsAStoredBlobOfFormatVersion1) {
  // Pins the blob layout (version byte, nonce, ciphertext+tag, subkey 1) so data written today
  // stays readable by every later version.
  const KeyRing ring = KeyRing::FromMasterKey(CountingMasterKey());
  auto sealed = HexDecode(kStoredBlobHex);
  ASSERT_TRUE(sealed.ok());
  auto opened = ring.Decrypt(*sealed, "youths.bsn:42");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "111222333");
}

// ---- Signatures --------------------------------------------------------------------------------

TEST(KeyRingTest, SignatureVerifiesAndDetectsChanges) {
  const KeyRing ring = RandomKeyRing();
  const std::string message = "checkpoint seq=1000 head=0e5751c0";
  const std::string signature = ring.Sign(message);
  ASSERT_EQ(signature.size(), KeyRing::kSignatureBytes);
  ASSERT_EQ(ring.PublicKey().size(), KeyRing::kPublicKeyBytes);
  EXPECT_TRUE(KeyRing::VerifySignature(ring.PublicKey(), message, signature));

  EXPECT_FALSE(KeyRing::VerifySignature(ring.PublicKey(), message + " ", signature));
  EXPECT_FALSE(KeyRing::VerifySignature(ring.PublicKey(), "checkpoint seq=1001 head=0e5751c0", signature));
  for (std::size_t byte = 0; byte < signature.size(); byte += 7) {
    std::string altered = signature;
    altered[byte] = static_cast<char>(altered[byte] ^ 0x01);
    EXPECT_FALSE(KeyRing::VerifySignature(ring.PublicKey(), message, altered)) << byte;
  }
  EXPECT_FALSE(KeyRing::VerifySignature(RandomKeyRing().PublicKey(), message, signature));
  EXPECT_FALSE(KeyRing::VerifySignature(ring.PublicKey(), message, signature.substr(0, 63)));
  EXPECT_FALSE(KeyRing::VerifySignature(ring.PublicKey().substr(0, 31), message, signature));
  EXPECT_FALSE(KeyRing::VerifySignature("", message, ""));
}

TEST(KeyRingTest, PublicKeyIsStableAndDiffersPerKey) {
  const std::string master = RandomBytes(32);
  EXPECT_EQ(KeyRing::FromMasterKey(master).PublicKey(), KeyRing::FromMasterKey(master).PublicKey());
  EXPECT_NE(KeyRing::FromMasterKey(master).PublicKey(), RandomKeyRing().PublicKey());
}

TEST(KeyRingTest, MovedKeyRingKeepsWorking) {
  KeyRing first = RandomKeyRing();
  const std::string sealed = first.Encrypt("111222333", "ad");
  const std::string key_id = first.KeyId();
  KeyRing second = std::move(first);
  EXPECT_EQ(second.KeyId(), key_id);
  auto opened = second.Decrypt(sealed, "ad");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "111222333");
  KeyRing third = RandomKeyRing();
  third = std::move(second);
  EXPECT_EQ(third.KeyId(), key_id);
}

}  // namespace
}  // namespace leerrecht::crypto
