#include "core/csv.h"

namespace backcoach {

namespace {

bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == ' ' || text.back() == ' ') return true;
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Skips a run of digits from `i`; false when there is none.
bool Digits(std::string_view text, std::size_t& i) {
  const std::size_t start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  return i > start;
}

// A number as JSON writes one: -12, 3.5, -1e+300. Such a cell is left as it
// is, so that a spreadsheet still reads it as a number.
bool IsPlainNumber(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  if (!Digits(text, i)) return false;
  if (i < text.size() && text[i] == '.' && !Digits(text, ++i)) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!Digits(text, i)) return false;
  }
  return i == text.size();
}

}  // namespace

bool CsvLooksLikeFormula(std::string_view text) {
  if (text.empty() || IsPlainNumber(text)) return false;
  return std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

std::string CsvField(std::string_view text) {
  const bool formula = CsvLooksLikeFormula(text);
  if (!formula && !NeedsQuotes(text)) return std::string(text);
  std::string out = formula ? "\"'" : "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += '\n';
  return out;
}

void CsvReader::EndField() {
  fields_.push_back(std::move(field_));
  field_.clear();
}

Status CsvReader::EndRecord() {
  EndField();
  Status s = on_record_(fields_, record_line_);
  fields_.clear();
  record_started_ = false;
  record_bytes_ = 0;
  return s;
}

Status CsvReader::TooLong(const char* what, std::size_t limit) const {
  return Status::InvalidArgument("line " + std::to_string(record_line_) + ": " + what +
                                 " is longer than " + std::to_string(limit) + " bytes");
}

Status CsvReader::Feed(std::string_view text) {
  if (!at_start_) return Consume(text);
  // A byte-order mark may arrive split over pieces: the first bytes wait
  // until they are known to be one or not.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  head_.append(text);
  if (head_.size() < kBom.size() && kBom.substr(0, head_.size()) == head_) return Status::Ok();
  at_start_ = false;
  const std::string held = std::move(head_);
  std::string_view rest = held;
  if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
  return Consume(rest);
}

Status CsvReader::Consume(std::string_view text) {
  for (char c : text) {
    if (record_started_ && ++record_bytes_ > limits_.max_record_bytes) {
      return TooLong("a line", limits_.max_record_bytes);
    }
    if (field_.size() > limits_.max_field_bytes) {
      return TooLong("a field", limits_.max_field_bytes);
    }
    if (after_cr_) {
      after_cr_ = false;
      if (c == '\n') continue;  // the second half of "\r\n"
    }
    if (quote_pending_) {
      quote_pending_ = false;
      if (c == '"') {
        field_ += '"';
        continue;
      }
      in_quotes_ = false;  // that quote closed the field; c is read as usual
    }
    if (in_quotes_) {
      if (c == '"') {
        quote_pending_ = true;
      } else {
        if (c == '\n') ++line_;
        field_ += c;
      }
      continue;
    }
    if (!record_started_) {
      record_started_ = true;
      record_line_ = line_;
    }
    if (c == '"' && field_.empty()) {
      in_quotes_ = true;
    } else if (c == ',') {
      EndField();
    } else if (c == '\n' || c == '\r') {
      after_cr_ = c == '\r';
      ++line_;
      if (Status s = EndRecord(); !s.ok()) return s;
    } else {
      field_ += c;
    }
  }
  return Status::Ok();
}

Status CsvReader::Finish() {
  if (at_start_) {  // a file of fewer bytes than a byte-order mark, all like its first ones
    at_start_ = false;
    const std::string held = std::move(head_);
    if (Status s = Consume(held); !s.ok()) return s;
  }
  if (quote_pending_) {
    quote_pending_ = false;
    in_quotes_ = false;
  }
  if (in_quotes_) {
    return Status::InvalidArgument("line " + std::to_string(record_line_) +
                                   ": a quoted field is never closed");
  }
  if (field_.size() > limits_.max_field_bytes) return TooLong("a field", limits_.max_field_bytes);
  if (record_started_) return EndRecord();
  return Status::Ok();
}

}  // namespace backcoach
