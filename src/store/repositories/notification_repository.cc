#include "store/repositories/notification_repository.h"

#include <cmath>

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertNotification =
    "INSERT INTO absence_notifications (party_id, notification_number, youth_id, brin, location, kind, start_date, "
    "end_date, hours, suspected_reason, explanation_enc, reported_on, imported_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectByNumber =
    "SELECT id, notification_number, youth_id, brin, location, kind, start_date, end_date, hours, suspected_reason, "
    "explanation_enc, reported_on, imported_at FROM absence_notifications WHERE notification_number = ? AND party_id = "
    "?";
constexpr std::string_view kSelectById =
    "SELECT id, notification_number, youth_id, brin, location, kind, start_date, end_date, hours, suspected_reason, "
    "explanation_enc, reported_on, imported_at FROM absence_notifications WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectForYouth =
    "SELECT id, notification_number, youth_id, brin, location, kind, start_date, end_date, hours, suspected_reason, "
    "explanation_enc, reported_on, imported_at FROM absence_notifications WHERE youth_id = ? AND party_id = ? "
    "ORDER BY start_date, id";
constexpr std::string_view kExplanationColumn = "absence_notifications.explanation";

// DESIGN.md §4: a notification holds the kind, first day, duration and (suspected) reason.
std::vector<std::string> NotificationFields() {
  return {"verzuim_soort", "verzuim_startdatum", "verzuim_duur", "verzuim_reden"};
}

Status Validate(const AbsenceNotification& n) {
  if (n.notification_number.empty()) return Status::InvalidInput("verzuimmelding zonder meldingnummer");
  if (n.brin.empty()) return Status::InvalidInput("verzuimmelding " + n.notification_number + " zonder BRIN");
  if (n.kind.empty()) return Status::InvalidInput("verzuimmelding " + n.notification_number + " zonder verzuimsoort");
  if (n.end_date && *n.end_date < n.start_date) {
    return Status::InvalidInput("verzuimmelding " + n.notification_number + ": einddatum ligt vóór de startdatum");
  }
  if (n.hours && (!std::isfinite(*n.hours) || *n.hours < 0)) {
    return Status::InvalidInput("verzuimmelding " + n.notification_number + ": ongeldig aantal uren");
  }
  return Status::Ok();
}

}  // namespace

bool AbsenceNotification::SameContent(const AbsenceNotification& o) const {
  return notification_number == o.notification_number && youth_id == o.youth_id && brin == o.brin &&
         location == o.location && kind == o.kind && start_date == o.start_date && end_date == o.end_date &&
         hours == o.hours && suspected_reason == o.suspected_reason && explanation == o.explanation &&
         reported_on == o.reported_on;
}

Status NotificationRepository::Log(Transaction& tx, const AccessContext& ctx, std::string activity,
                                   std::int64_t youth_id) {
  auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, youth_id);
  if (!subject.ok()) return subject.status();
  return log_.Append(tx, internal::EntryFor(ctx, std::move(activity), std::move(*subject), NotificationFields()));
}

Result<AbsenceNotification> NotificationRepository::Decode(const Row& row, const AccessContext& ctx) {
  AbsenceNotification n;
  n.id = row.Int(0);
  n.notification_number = row.Text(1);
  n.youth_id = row.Int(2);
  n.brin = row.Text(3);
  n.location = row.Text(4);
  n.kind = row.Text(5);
  auto start = Date::Parse(row.Text(6));
  if (!start.ok()) return Status::Internal("verzuimmelding " + std::to_string(n.id) + " heeft geen geldige startdatum");
  n.start_date = *start;
  auto end = internal::DateOrNone(row, 7);
  if (!end.ok()) return end.status();
  n.end_date = *end;
  if (!row.IsNull(8)) {
    // Row::Int truncates; hours may be fractional (lesuren of 50 minutes).
    if (const auto* real = std::get_if<double>(&row.values.at(8))) {
      n.hours = *real;
    } else {
      n.hours = static_cast<double>(row.Int(8));
    }
  }
  n.suspected_reason = internal::TextOrNone(row, 9);
  if (!row.IsNull(10)) {
    auto text = keys_.Decrypt(row.Text(10), internal::Ad(kExplanationColumn, ctx.party));
    if (!text.ok())
      return Status::Internal("toelichting van verzuimmelding " + std::to_string(n.id) + " is onleesbaar");
    n.explanation = std::move(*text);
  }
  auto reported = Date::Parse(row.Text(11));
  if (!reported.ok())
    return Status::Internal("verzuimmelding " + std::to_string(n.id) + " heeft geen geldige meldingsdatum");
  n.reported_on = *reported;
  n.imported_at = row.Text(12);
  return n;
}

Result<ImportOutcome> NotificationRepository::Import(Transaction& tx, const AccessContext& ctx,
                                                     const AbsenceNotification& n) {
  if (Status s = Validate(n); !s.ok()) return s;
  auto existing = tx.Query(kSelectByNumber, {n.notification_number, ctx.party});
  if (!existing.ok()) return existing.status();
  if (!existing->empty()) {
    auto stored = Decode(existing->front(), ctx);
    if (!stored.ok()) return stored.status();
    if (!stored->SameContent(n)) {
      return Status::Conflict("verzuimmelding " + n.notification_number + " is al geïmporteerd met andere inhoud");
    }
    return ImportOutcome{stored->id, false};
  }
  // Resolving the subject first also checks that the youth belongs to ctx.party.
  auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, n.youth_id);
  if (!subject.ok()) return subject.status();
  const Value explanation =
      n.explanation.empty() ? Value{std::monostate{}}
                            : Value{Blob{keys_.Encrypt(n.explanation, internal::Ad(kExplanationColumn, ctx.party))}};
  const Value hours = n.hours ? Value{*n.hours} : Value{std::monostate{}};
  if (Status s = tx.Execute(kInsertNotification, {ctx.party, n.notification_number, n.youth_id, n.brin, n.location,
                                                  n.kind, n.start_date.ToString(), internal::OrNull(n.end_date), hours,
                                                  internal::OrNull(n.suspected_reason), explanation,
                                                  n.reported_on.ToString(), internal::NowUtc(clock_)});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  if (Status l = log_.Append(
          tx, internal::EntryFor(ctx, "verzuimmelding.registreren", std::move(*subject), NotificationFields()));
      !l.ok()) {
    return l;
  }
  return ImportOutcome{id, true};
}

Result<AbsenceNotification> NotificationRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectById, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("verzuimmelding niet gevonden");
  auto n = Decode(rows->front(), ctx);
  if (!n.ok()) return n;
  if (Status l = Log(tx, ctx, "verzuimmelding.lezen", n->youth_id); !l.ok()) return l;
  return n;
}

Result<std::vector<AbsenceNotification>> NotificationRepository::ListForYouth(Transaction& tx, const AccessContext& ctx,
                                                                              std::int64_t youth_id) {
  // Logging first also refuses a youth of another party before anything is read.
  if (Status l = Log(tx, ctx, "verzuimmelding.lezen", youth_id); !l.ok()) return l;
  auto rows = tx.Query(kSelectForYouth, {youth_id, ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<AbsenceNotification> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    auto n = Decode(row, ctx);
    if (!n.ok()) return n.status();
    out.push_back(std::move(*n));
  }
  return out;
}

}  // namespace leerrecht::store
