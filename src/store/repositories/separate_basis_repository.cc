#include "store/repositories/separate_basis_repository.h"

#include "core/id.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, party_id, recipient_id, recipient_name, purpose, legal_basis, compatibility, fields, recorded_by, "
    "recorded_at, ended_at FROM separate_bases WHERE party_id = ? ";
constexpr std::string_view kInsert =
    "INSERT INTO separate_bases (party_id, recipient_id, recipient_name, purpose, legal_basis, compatibility, "
    "fields, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kEnd = "UPDATE separate_bases SET ended_at = ? WHERE id = ? AND party_id = ?";

bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string Joined(const std::vector<std::string>& fields) {
  std::string out;
  for (const std::string& f : fields) out += (out.empty() ? "" : ",") + f;
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<std::vector<SeparateBasis>> Load(Transaction& tx, std::string_view party, std::string_view where,
                                        std::vector<Value> params) {
  params.insert(params.begin(), std::string(party));
  auto rows = tx.Query(std::string(kColumns) + std::string(where), params);
  if (!rows.ok()) return rows.status();
  std::vector<SeparateBasis> out;
  for (const Row& row : *rows) {
    SeparateBasis b;
    b.id = row.Int(0);
    b.party = row.Text(1);
    b.recipient_id = row.Text(2);
    b.recipient_name = row.Text(3);
    b.purpose = row.Text(4);
    b.legal_basis = row.Text(5);
    b.compatibility = row.Text(6);
    b.fields = Split(row.Text(7));
    b.recorded_by = row.Int(8);
    b.recorded_at = row.Text(9);
    b.ended_at = internal::TextOrNone(row, 10);
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

Result<std::int64_t> SeparateBasisRepository::Create(Transaction& tx, const SeparateBasis& b) {
  if (!IsValidSlug(b.recipient_id)) {
    return Status::InvalidInput("ontvanger-id: kleine letters, cijfers en streepjes (bijvoorbeeld oov-team-gemeente)");
  }
  if (IsBlank(b.recipient_name)) return Status::InvalidInput("noem de ontvanger");
  if (IsBlank(b.purpose)) return Status::InvalidInput("noem het doel van de ontvanger");
  if (IsBlank(b.legal_basis)) return Status::InvalidInput("noem de wettelijke grondslag");
  if (IsBlank(b.compatibility)) {
    return Status::InvalidInput("leg vast waarom het doel verenigbaar is met het doel van verzameling (AVG art. 6 lid 4)");
  }
  if (b.fields.empty()) return Status::InvalidInput("kies de gegevens die de grondslag dekt");
  if (Status s = tx.Execute(kInsert, {b.party, b.recipient_id, b.recipient_name, b.purpose, b.legal_basis,
                                      b.compatibility, Joined(b.fields), b.recorded_by, b.recorded_at});
      !s.ok()) {
    return s;
  }
  return tx.LastInsertId();
}

Status SeparateBasisRepository::End(Transaction& tx, std::string_view party, std::int64_t id,
                                    const std::string& now_utc) {
  auto current = Get(tx, party, id);
  if (!current.ok()) return current.status();
  if (current->ended_at) return Status::Conflict("deze grondslag is al beëindigd");
  return tx.Execute(kEnd, {now_utc, id, std::string(party)});
}

Result<SeparateBasis> SeparateBasisRepository::Get(Transaction& tx, std::string_view party, std::int64_t id) {
  auto list = Load(tx, party, "AND id = ?", {id});
  if (!list.ok()) return list.status();
  if (list->empty()) return Status::NotFound("grondslag niet gevonden");
  return std::move(list->front());
}

Result<std::vector<SeparateBasis>> SeparateBasisRepository::List(Transaction& tx, std::string_view party) {
  return Load(tx, party, "ORDER BY id DESC", {});
}

}  // namespace leerrecht::store
