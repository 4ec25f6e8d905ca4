// TOTP second factor (RFC 6238 over RFC 4226): codes, base32 secrets and the otpauth:// URI for authenticator apps.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht::crypto {

// The parameters every common authenticator app assumes when the URI names none: HMAC-SHA-1,
// six digits, 30-second steps. Changing one makes every enrolled phone show wrong codes.
inline constexpr std::size_t kTotpSecretBytes = 20;  // RFC 4226 §4: 160 bits, the HMAC-SHA-1 block
inline constexpr int kTotpDigits = 6;
inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr const char* kTotpIssuer = "Leerrecht";

// A new random secret of kTotpSecretBytes bytes (binary).
std::string NewTotpSecret();

// RFC 4648 §6 base32, uppercase, without "=" padding (as otpauth:// URIs carry it).
std::string Base32Encode(std::string_view bytes);
// Case-insensitive; blanks and "=" padding are ignored, since people type secrets from a screen.
// kInvalidInput for any other character or non-zero trailing bits.
Result<std::string> Base32Decode(std::string_view text);

// The time step of a moment: floor(unix seconds / 30). Times before 1970 give negative steps.
std::int64_t TotpStep(std::chrono::system_clock::time_point t);

// The HOTP value (RFC 4226 §5.3) of `secret` for counter `step`, zero-padded to `digits`
// (1..9) digits. TOTP is HOTP with the time step as counter.
std::string TotpCode(std::string_view secret, std::int64_t step, int digits = kTotpDigits);

// otpauth://totp/Leerrecht:<account>?secret=<base32>&issuer=Leerrecht, the account
// percent-encoded; the Key Uri Format that authenticator apps read from a QR code.
std::string TotpUri(std::string_view account, std::string_view secret);

// Checks a typed code against the steps now-1, now and now+1 (a phone's clock may be off by up
// to 30 s) and returns the step it matched. A step at or before `last_accepted_step` never
// matches, so a code seen once (on the wire, over a shoulder) cannot be used again. Blanks in
// the code are ignored ("123 456" as apps show it); anything but six digits fails. Every
// candidate is compared in constant time, and all three are always computed.
std::optional<std::int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                       std::chrono::system_clock::time_point now,
                                       std::optional<std::int64_t> last_accepted_step = std::nullopt);

}  // namespace leerrecht::crypto
