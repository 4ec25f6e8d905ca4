#include "store/repositories/note_repository.h"

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertNote =
    "INSERT INTO notes (party_id, case_id, school_brin, text_enc, regime_tag, wpg_since, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectNote =
    "SELECT id, case_id, school_brin, text_enc, regime_tag, wpg_since, created_by, created_at "
    "FROM notes WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectForCase =
    "SELECT id, case_id, school_brin, text_enc, regime_tag, wpg_since, created_by, created_at "
    "FROM notes WHERE case_id = ? AND party_id = ? ORDER BY created_at, id";
constexpr std::string_view kSelectForSchool =
    "SELECT id, case_id, school_brin, text_enc, regime_tag, wpg_since, created_by, created_at "
    "FROM notes WHERE school_brin = ? AND case_id IS NULL AND party_id = ? ORDER BY created_at, id";
constexpr std::string_view kSelectCaseYouth = "SELECT youth_id FROM cases WHERE id = ? AND party_id = ?";
constexpr std::string_view kTextColumn = "notes.text";
constexpr std::string_view kNotesField = "notities";

Status CheckTag(std::string_view tag, const std::optional<Date>& wpg_since) {
  if (tag == kRegimeTagAvg && !wpg_since) return Status::Ok();
  if (tag == kRegimeTagWpg && wpg_since) return Status::Ok();
  return Status::InvalidInput("regimelabel moet AVG (zonder datum) of WPG (met ingangsdatum) zijn");
}

}  // namespace

Result<std::string> NoteRepository::CaseSubject(Transaction& tx, const AccessContext& ctx, std::int64_t case_id) {
  auto rows = tx.Query(kSelectCaseYouth, {case_id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("zaak niet gevonden");
  return internal::YouthSubject(tx, keys_, youths_, ctx.party, rows->front().Int(0));
}

Result<std::int64_t> NoteRepository::Insert(Transaction& tx, const AccessContext& ctx, const Value& case_id,
                                            const Value& brin, std::string_view text, std::string_view regime_tag,
                                            std::optional<Date> wpg_since) {
  if (text.empty()) return Status::InvalidInput("lege notitie");
  if (Status s = tx.Execute(
          kInsertNote, {ctx.party, case_id, brin, Blob{keys_.Encrypt(text, internal::Ad(kTextColumn, ctx.party))},
                        std::string(regime_tag), internal::OrNull(wpg_since), ctx.actor, internal::NowUtc(clock_)});
      !s.ok()) {
    return s;
  }
  return tx.LastInsertId();
}

Result<std::int64_t> NoteRepository::AddToCase(Transaction& tx, const AccessContext& ctx, std::int64_t case_id,
                                               std::string_view text, std::string_view regime_tag,
                                               std::optional<Date> wpg_since) {
  if (Status s = CheckTag(regime_tag, wpg_since); !s.ok()) return s;
  auto subject = CaseSubject(tx, ctx, case_id);
  if (!subject.ok()) return subject.status();
  auto id = Insert(tx, ctx, case_id, std::monostate{}, text, regime_tag, wpg_since);
  if (!id.ok()) return id;
  if (Status l = log_.Append(
          tx, internal::EntryFor(ctx, "notitie.registreren", std::move(*subject), {std::string(kNotesField)}));
      !l.ok()) {
    return l;
  }
  return id;
}

Result<std::int64_t> NoteRepository::AddToSchool(Transaction& tx, const AccessContext& ctx, std::string_view brin,
                                                 std::string_view text) {
  if (brin.empty()) return Status::InvalidInput("notitie op schoolniveau zonder BRIN");
  return Insert(tx, ctx, std::monostate{}, std::string(brin), text, kRegimeTagAvg, std::nullopt);
}

Result<Note> NoteRepository::Decode(const Row& row, const AccessContext& ctx) {
  Note n;
  n.id = row.Int(0);
  n.case_id = internal::IntOrNone(row, 1);
  n.school_brin = internal::TextOrNone(row, 2);
  auto text = keys_.Decrypt(row.Text(3), internal::Ad(kTextColumn, ctx.party));
  if (!text.ok()) return Status::Internal("notitie " + std::to_string(n.id) + " is onleesbaar");
  n.text = std::move(*text);
  n.regime_tag = row.Text(4);
  auto since = internal::DateOrNone(row, 5);
  if (!since.ok()) return since.status();
  n.wpg_since = *since;
  n.created_by = row.Text(6);
  n.created_at = row.Text(7);
  return n;
}

Result<Note> NoteRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectNote, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("notitie niet gevonden");
  auto note = Decode(rows->front(), ctx);
  if (!note.ok()) return note;
  if (note->case_id) {
    auto subject = CaseSubject(tx, ctx, *note->case_id);
    if (!subject.ok()) return subject.status();
    if (Status l =
            log_.Append(tx, internal::EntryFor(ctx, "notitie.lezen", std::move(*subject), {std::string(kNotesField)}));
        !l.ok()) {
      return l;
    }
  }
  return note;
}

Result<std::vector<Note>> NoteRepository::ListForCase(Transaction& tx, const AccessContext& ctx, std::int64_t case_id) {
  auto subject = CaseSubject(tx, ctx, case_id);
  if (!subject.ok()) return subject.status();
  auto rows = tx.Query(kSelectForCase, {case_id, ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<Note> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    auto note = Decode(row, ctx);
    if (!note.ok()) return note.status();
    out.push_back(std::move(*note));
  }
  if (Status l =
          log_.Append(tx, internal::EntryFor(ctx, "notitie.lezen", std::move(*subject), {std::string(kNotesField)}));
      !l.ok()) {
    return l;
  }
  return out;
}

Result<std::vector<Note>> NoteRepository::ListForSchool(Transaction& tx, const AccessContext& ctx,
                                                        std::string_view brin) {
  auto rows = tx.Query(kSelectForSchool, {std::string(brin), ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<Note> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    auto note = Decode(row, ctx);
    if (!note.ok()) return note.status();
    out.push_back(std::move(*note));
  }
  return out;
}

}  // namespace leerrecht::store
