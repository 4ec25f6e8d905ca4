#include "services/school_note_service.h"

#include "services/refusal_log.h"
#include "core/bsn.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/youth_name_scan.h"

namespace leerrecht::services {

namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }

// A school-level note is the writer's own preventive work, about no case and no pupil: the
// matrix's note rule is applied as to an AVG item of the writer's own work. Without this the
// caseload condition, meant for person-level files, could never be met here.
policy::AccessFacts SchoolNoteFacts() {
  policy::AccessFacts facts;
  facts.same_party = true;
  facts.own_caseload = true;
  facts.item_regime = policy::RegimeTag::kAvg;
  return facts;
}

}  // namespace

std::optional<std::string> NormaliseBrin(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() != 4 || !Digit(text[0]) || !Digit(text[1])) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 2; i < 4; ++i) {
    char& c = out[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!Digit(c) && !(c >= 'A' && c <= 'Z')) return std::nullopt;
  }
  return out;
}

bool HasBsnLikeNumber(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!Digit(text[i]) || (i > 0 && Digit(text[i - 1]))) {
      ++i;
      continue;
    }
    // A run of digits, with single spaces or dots between groups.
    std::string digits;
    bool grouped = false;
    std::size_t j = i;
    while (j < text.size()) {
      if (Digit(text[j])) {
        digits.push_back(text[j++]);
      } else if ((text[j] == ' ' || text[j] == '.') && j + 1 < text.size() && Digit(text[j + 1])) {
        grouped = true;
        ++j;
      } else {
        break;
      }
    }
    if (digits.size() == 9) return true;
    if (digits.size() == 8 && !grouped && Bsn::PassesElfproef("0" + digits)) return true;
    // "25 leerlingen 2025" groups numbers that are not one: look at each group on its own too.
    if (grouped && digits.size() > 9) {
      std::size_t k = i;
      while (k < j) {
        std::size_t run = 0;
        while (k + run < j && Digit(text[k + run])) ++run;
        if (run == 9) return true;
        k += run + 1;
      }
    }
    i = j;
  }
  return false;
}

Status SchoolNoteService::LogSchoolRefusal(const Actor& actor, const std::string& brin) {
  // Logged about the school (no pupil may be named, so there is no pupil to log).
  return LogRefusal(folder_, actor, "notitie-school.geweigerd", "school:" + brin, "school");
}

Status SchoolNoteService::Refuse(const Actor& actor, const std::string& brin) {
  if (Status s = LogSchoolRefusal(actor, brin); !s.ok()) return s;
  return Status::Refused(std::string(kNoPersonNotes));
}

Result<store::AccessContext> SchoolNoteService::Context(store::Transaction& tx, const Actor& actor) {
  auto rows = tx.Query("SELECT role FROM parties WHERE id = ?", {actor.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("partij niet gevonden");
  return ContextFor(actor, CaseWork(rows->front().Text(0)));
}

Result<std::int64_t> SchoolNoteService::Add(const Actor& actor, const std::string& brin_text, const std::string& text,
                                             bool selects_pupil) {
  auto brin = NormaliseBrin(brin_text);
  if (!brin) return Status::InvalidInput("brin: verwacht twee cijfers en twee letters of cijfers, bijvoorbeeld 12AB");
  if (text.empty()) return Status::InvalidInput("tekst: de notitie is leeg");
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  AccessDecision allowed = Authorize(*matrix, actor, policy::Action::kAanmaken, policy::Resource::kNotitie,
                                     SchoolNoteFacts());
  if (!allowed.allowed) {
    if (Status s = LogSchoolRefusal(actor, *brin); !s.ok()) return s;
    return Denied(allowed);
  }
  if (selects_pupil || HasBsnLikeNumber(text)) return Refuse(actor, *brin);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthNameScan names(folder_.keys());
  auto named = names.NamesAYouth(**tx, actor.party, text);
  if (!named.ok()) return named.status();
  if (*named) {
    tx->reset();
    return Refuse(actor, *brin);
  }
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::NoteRepository notes(folder_.keys(), youths, folder_.log(), clock_);
  auto ctx = Context(**tx, actor);
  if (!ctx.ok()) return ctx.status();
  auto id = notes.AddToSchool(**tx, *ctx, *brin, text);
  if (!id.ok()) return id.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return id;
}

Result<std::vector<store::Note>> SchoolNoteService::List(const Actor& actor, const std::string& brin_text) {
  auto brin = NormaliseBrin(brin_text);
  if (!brin) return Status::InvalidInput("brin: verwacht twee cijfers en twee letters of cijfers, bijvoorbeeld 12AB");
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  AccessDecision allowed =
      Authorize(*matrix, actor, policy::Action::kLezen, policy::Resource::kNotitie, SchoolNoteFacts());
  if (!allowed.allowed) return Denied(allowed);
  auto tx = folder_.db().BeginRead();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::NoteRepository notes(folder_.keys(), youths, folder_.log(), clock_);
  auto ctx = Context(**tx, actor);
  if (!ctx.ok()) return ctx.status();
  return notes.ListForSchool(**tx, *ctx, *brin);
}

}  // namespace leerrecht::services
