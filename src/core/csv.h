// Csv: comma-separated values as RFC 4180 has them, both ways.
//
// Writing: a field is quoted when it holds a comma, a quote, a line break or
// leading/trailing spaces; quotes inside are doubled. Rows end in "\n",
// which spreadsheets, R and pandas all read. A text cell that a spreadsheet
// would run as a formula (it begins with =, +, -, @, a tab or a carriage
// return) is written with a single quote before it, and quoted, as OWASP's
// guidance on CSV injection has it: "=HYPERLINK(...)" becomes
// "'=HYPERLINK(...)". Numbers (-3, 1.5e+10) are left as they are. Every CSV
// the project writes goes through CsvField, so none passes a formula on.
//
// Reading: CsvReader is fed the text in pieces of any size (so a file of
// any length is read in constant memory) and hands each complete record to
// a callback with the line it started on. Quoted fields may hold commas,
// doubled quotes and line breaks. "\r\n" and "\n" both end a record; a
// byte-order mark at the very start is skipped. A field or a record longer
// than its limit (CsvLimits) ends the reading with an error naming the line
// it began on, so that a file of one endless field (a few kilobytes of gzip
// can inflate to gigabytes of one) is refused in little memory. Pure: no I/O.
#ifndef BACKCOACH_CORE_CSV_H_
#define BACKCOACH_CORE_CSV_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace backcoach {

// True when `text` would start a formula in a spreadsheet: it begins with
// =, +, -, @, a tab or a carriage return and is not a plain number.
bool CsvLooksLikeFormula(std::string_view text);
// One field, quoted if it needs to be, a formula neutralised.
std::string CsvField(std::string_view text);
// Fields joined by commas, each quoted if needed, with a final "\n".
std::string CsvRow(const std::vector<std::string>& fields);

// How long a field and a record (a line, or the lines a quoted field spans)
// may be, in bytes. A real one is tens of bytes; a header of many columns
// a few hundred.
struct CsvLimits {
  std::size_t max_field_bytes = 4 << 10;
  std::size_t max_record_bytes = 16 << 10;
};

class CsvReader {
 public:
  // Called once per record: its fields and the (1-based) line it starts on.
  // A non-OK status stops the reading and is returned by Feed or Finish.
  using RecordFn = std::function<Status(std::vector<std::string>& fields, long long line)>;

  explicit CsvReader(RecordFn on_record, CsvLimits limits = {})
      : on_record_(std::move(on_record)), limits_(limits) {}

  // Takes the next piece of text. InvalidArgument when a field or a record
  // passes its limit: "line 7: a field is longer than 4096 bytes", "line 7:
  // a line is longer than 16384 bytes"; the reader is then spent.
  Status Feed(std::string_view text);
  // Ends the text: hands over a last record without a final line break.
  // InvalidArgument when a quoted field is never closed.
  Status Finish();

 private:
  Status EndRecord();
  void EndField();

  Status TooLong(const char* what, std::size_t limit) const;

  RecordFn on_record_;
  const CsvLimits limits_;
  std::size_t record_bytes_ = 0;  // of the record being read
  std::vector<std::string> fields_;
  std::string field_;
  bool in_quotes_ = false;
  bool quote_pending_ = false;  // a quote inside quotes: closes, or doubles
  bool record_started_ = false;
  bool after_cr_ = false;
  // Reads `text` after the byte-order mark has been dealt with.
  Status Consume(std::string_view text);

  bool at_start_ = true;       // for the byte-order mark
  std::string head_;           // the first bytes while they may still be one
  long long line_ = 1;         // the line being read
  long long record_line_ = 1;  // the line the current record began on
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_CSV_H_
