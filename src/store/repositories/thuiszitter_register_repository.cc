#include "store/repositories/thuiszitter_register_repository.h"

#include "core/bsn.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

// Dates are ISO text, so text comparison is date comparison.
constexpr std::string_view kSelectOpen =
    "SELECT c.id, c.youth_id, y.bsn_enc, c.category, c.opened_on, y.municipality, COALESCE(y.school_type, ''), "
    "f.value_enc, c.mas_phase, c.notification_id IS NOT NULL "
    "FROM cases c JOIN youths y ON y.id = c.youth_id AND y.party_id = c.party_id "
    "LEFT JOIN youth_fields f ON f.youth_id = c.youth_id AND f.field = 'school_laatst_bekend' "
    "WHERE c.party_id = ?1 AND c.category IN ('absoluut-verzuim', 'langdurig-verzuim', 'vrijstelling-5a') "
    "AND c.opened_on <= ?2 AND (c.closed_on IS NULL OR c.closed_on > ?2) ORDER BY c.id";

// The associated data of a youth's field value: the format YouthFieldRepository writes
// ("youth_fields.value:party:youth:field"); part of the stored data, so it never changes.
std::string FieldAd(std::string_view party, std::int64_t youth_id, std::string_view field) {
  return internal::Ad("youth_fields.value", party) + ":" + std::to_string(youth_id) + ":" + std::string(field);
}

}  // namespace

Result<std::vector<RegisterEntry>> ThuiszitterRegisterRepository::OpenOn(Transaction& tx, const AccessContext& ctx,
                                                                         Date on, std::string_view activity) {
  auto rows = tx.Query(kSelectOpen, {ctx.party, on.ToString()});
  if (!rows.ok()) return rows.status();
  std::vector<RegisterEntry> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    RegisterEntry e;
    e.case_id = row.Int(0);
    e.youth_id = row.Int(1);
    auto bsn = keys_.Decrypt(row.Text(2), internal::Ad("youths.bsn", ctx.party));
    if (!bsn.ok()) return Status::Internal("versleuteld BSN van jongere " + std::to_string(e.youth_id) + " is onleesbaar");
    auto parsed = Bsn::Parse(*bsn);
    if (!parsed.ok()) return Status::Internal("opgeslagen BSN van jongere " + std::to_string(e.youth_id) + " is ongeldig");
    e.bsn = parsed->digits();
    e.category = row.Text(3);
    e.start_date = row.Text(4);
    e.municipality = row.Text(5);
    e.school_type = row.Text(6);
    e.mas_phase = row.Text(8);
    e.duo_melding = row.Int(9) != 0;
    if (auto school = internal::TextOrNone(row, 7)) {
      auto value = keys_.Decrypt(*school, FieldAd(ctx.party, e.youth_id, "school_laatst_bekend"));
      if (!value.ok()) return Status::Internal("youth_fields: waarde niet te ontsleutelen");
      e.school = std::move(*value);
    }
    if (Status l = log_.Append(tx, internal::EntryFor(ctx, std::string(activity), youths_.Pseudonym(*parsed),
                                                      {"bsn", "verzuim_soort", "verzuim_startdatum",
                                                       "school_laatst_bekend"}));
        !l.ok()) {
      return l;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace leerrecht::store
