#include "store/repositories/youth_repository.h"

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertYouth =
    "INSERT INTO youths (party_id, bsn_enc, bsn_index, name_enc, birth_date, municipality, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectYouthById =
    "SELECT id, party_id, bsn_enc, name_enc, birth_date, municipality FROM youths WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectYouthByIndex =
    "SELECT id, party_id, bsn_enc, name_enc, birth_date, municipality FROM youths WHERE bsn_index = ? AND party_id = ?";
constexpr std::string_view kBsnIndexContext = "bsn";
constexpr std::string_view kUpdateName = "UPDATE youths SET name_enc = ? WHERE id = ? AND party_id = ?";
constexpr std::string_view kUpdateBirthDate = "UPDATE youths SET birth_date = ? WHERE id = ? AND party_id = ?";

}  // namespace

Result<std::int64_t> YouthRepository::Create(Transaction& tx, const AccessContext& ctx, const Bsn& bsn,
                                             const std::string& name, Date birth_date,
                                             const std::string& municipality) {
  const std::string index = keys_.BlindIndex(kBsnIndexContext, bsn.digits());
  Status s =
      tx.Execute(kInsertYouth, {ctx.party, Blob{keys_.Encrypt(bsn.digits(), internal::Ad("youths.bsn", ctx.party))},
                                index, Blob{keys_.Encrypt(name, internal::Ad("youths.name", ctx.party))},
                                birth_date.ToString(), municipality, internal::NowUtc(log_.clock())});
  if (!s.ok()) {
    if (s.code() == ErrorCode::kConflict) return Status::Conflict("deze jongere (BSN) is al geregistreerd");
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "jongere.registreren", Pseudonym(bsn),
                                                    {"bsn", "naam", "geboortedatum", "adres"}));
      !l.ok()) {
    return l;
  }
  return id;
}

Result<Youth> YouthRepository::Decode(const Row& row, const AccessContext& ctx) {
  Youth y;
  y.id = row.Int(0);
  y.party = row.Text(1);
  auto bsn_text = keys_.Decrypt(row.Text(2), internal::Ad("youths.bsn", ctx.party));
  if (!bsn_text.ok()) return Status::Internal("versleuteld BSN van jongere " + std::to_string(y.id) + " is onleesbaar");
  auto bsn = Bsn::Parse(*bsn_text);
  if (!bsn.ok()) return Status::Internal("opgeslagen BSN van jongere " + std::to_string(y.id) + " is ongeldig");
  y.bsn = *bsn;
  auto name = keys_.Decrypt(row.Text(3), internal::Ad("youths.name", ctx.party));
  if (!name.ok()) return Status::Internal("versleutelde naam van jongere " + std::to_string(y.id) + " is onleesbaar");
  y.name = *name;
  auto birth = Date::Parse(row.Text(4));
  if (!birth.ok()) return birth.status();
  y.birth_date = *birth;
  y.municipality = row.Text(5);
  return y;
}

Result<Youth> YouthRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectYouthById, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("jongere niet gevonden");
  auto youth = Decode(rows->front(), ctx);
  if (!youth.ok()) return youth;
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "jongere.lezen", Pseudonym(*youth->bsn),
                                                    {"bsn", "naam", "geboortedatum", "adres"}));
      !l.ok()) {
    return l;
  }
  return youth;
}

Result<bool> YouthRepository::Correct(Transaction& tx, const AccessContext& ctx, std::int64_t id,
                                      std::string_view field, const std::string& value) {
  auto rows = tx.Query(kSelectYouthById, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("jongere niet gevonden");
  auto youth = Decode(rows->front(), ctx);
  if (!youth.ok()) return youth.status();
  if (field == "naam") {
    if (value.empty() || value.size() > 200) return Status::InvalidInput("naam: 1 tot 200 tekens");
    if (value == youth->name) return false;
    if (Status s = tx.Execute(kUpdateName, {Blob{keys_.Encrypt(value, internal::Ad("youths.name", ctx.party))}, id,
                                            ctx.party});
        !s.ok()) {
      return s;
    }
  } else if (field == "geboortedatum") {
    auto date = Date::Parse(value);
    if (!date.ok()) return Status::InvalidInput("geboortedatum: verwacht JJJJ-MM-DD");
    if (*date == youth->birth_date) return false;
    if (Status s = tx.Execute(kUpdateBirthDate, {date->ToString(), id, ctx.party}); !s.ok()) return s;
  } else {
    return Status::InvalidInput("veld: alleen naam en geboortedatum van de registratie worden hier gecorrigeerd");
  }
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "jongere.wijzigen", Pseudonym(*youth->bsn),
                                                    {std::string(field)}));
      !l.ok()) {
    return l;
  }
  return true;
}

Result<std::optional<Youth>> YouthRepository::FindByBsn(Transaction& tx, const AccessContext& ctx, const Bsn& bsn) {
  auto rows = tx.Query(kSelectYouthByIndex, {keys_.BlindIndex(kBsnIndexContext, bsn.digits()), ctx.party});
  if (!rows.ok()) return rows.status();
  // The search itself is a processing of the subject's BSN, found or not.
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "jongere.zoeken", Pseudonym(bsn), {"bsn"})); !l.ok()) return l;
  if (rows->empty()) return std::optional<Youth>{};
  auto youth = Decode(rows->front(), ctx);
  if (!youth.ok()) return youth.status();
  return std::optional<Youth>{std::move(*youth)};
}

}  // namespace leerrecht::store
