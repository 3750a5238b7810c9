#include "activity/gzip_import.h"

#include <zlib.h>

#include <string>

namespace backcoach {

namespace {

constexpr std::size_t kOutputPiece = 64 << 10;
// What ImporterFor looks at to tell XML from CSV.
constexpr std::size_t kHeadBytes = 512;

// "2.0 GB", "64 MB": the limit as people read sizes.
std::string SizeText(std::uint64_t bytes) {
  constexpr std::uint64_t kMb = 1 << 20, kGb = 1 << 30;
  if (bytes < kGb) return std::to_string(bytes / kMb) + " MB";
  const std::uint64_t tenths = bytes * 10 / kGb;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " GB";
}

class GzipActivityImporter : public ActivityImporter {
 public:
  explicit GzipActivityImporter(std::uint64_t max_plain_bytes) : max_plain_(max_plain_bytes) {
    // 15 + 16: a gzip stream (not zlib, not raw deflate) with the largest window.
    ok_ = inflateInit2(&zs_, 15 + 16) == Z_OK;
  }
  ~GzipActivityImporter() override {
    if (ok_) inflateEnd(&zs_);
  }
  GzipActivityImporter(const GzipActivityImporter&) = delete;
  GzipActivityImporter& operator=(const GzipActivityImporter&) = delete;

  Status Feed(std::string_view piece) override {
    if (!ok_) return Status::Internal("cannot start decompressing (out of memory)");
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    zs_.avail_in = static_cast<uInt>(piece.size());
    std::string out(kOutputPiece, '\0');
    // Until the input is used up and zlib has no output left for a full buffer.
    do {
      if (ended_) {
        if (zs_.avail_in == 0) break;
        // A second gzip member (files joined with cat): read on.
        if (inflateReset(&zs_) != Z_OK) return Bad("the compressed file cannot be read");
        ended_ = false;
      }
      zs_.next_out = reinterpret_cast<Bytef*>(out.data());
      zs_.avail_out = static_cast<uInt>(out.size());
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        return Bad("the file is not valid gzip (" + std::string(zs_.msg ? zs_.msg : "corrupt") +
                   ")");
      }
      const std::size_t made = out.size() - zs_.avail_out;
      if (Status s = Pass(std::string_view(out.data(), made)); !s.ok()) return s;
      if (rc == Z_STREAM_END) ended_ = true;
      if (rc == Z_BUF_ERROR && made == 0) break;  // needs more input
    } while (zs_.avail_in > 0 || zs_.avail_out == 0);
    return Status::Ok();
  }

  Result<ActivityImport> Finish() override {
    if (!ok_) return Status::Internal("cannot start decompressing (out of memory)");
    if (!ended_) return Bad("the compressed file is cut short");
    if (inner_ == nullptr) {
      if (Status s = StartInner(); !s.ok()) return s;
    }
    return inner_->Finish();
  }

 private:
  static Status Bad(const std::string& message) { return Status::InvalidArgument(message); }

  // Passes plain bytes on, once enough have come to tell the format.
  Status Pass(std::string_view plain) {
    plain_bytes_ += plain.size();
    if (plain_bytes_ > max_plain_) {
      return Bad("the file is larger than " + SizeText(max_plain_) +
                 " once decompressed; import it with `backcoach import steps`");
    }
    if (inner_ == nullptr) {
      head_.append(plain);
      return head_.size() < kHeadBytes ? Status::Ok() : StartInner();
    }
    return plain.empty() ? Status::Ok() : inner_->Feed(plain);
  }

  // Picks the importer by the plain bytes held so far and passes them on.
  Status StartInner() {
    // What is left of the limit bounds a compressed file inside this one.
    inner_ = ImporterFor(head_, max_plain_ - plain_bytes_);
    std::string head;
    head.swap(head_);
    return head.empty() ? Status::Ok() : inner_->Feed(head);
  }

  const std::uint64_t max_plain_;
  z_stream zs_{};
  bool ok_ = false;
  bool ended_ = false;
  std::uint64_t plain_bytes_ = 0;
  std::string head_;  // plain bytes held until the format is known
  std::unique_ptr<ActivityImporter> inner_;
};

}  // namespace

bool IsGzip(std::string_view head) {
  return head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b';
}

std::unique_ptr<ActivityImporter> GzipImporter(std::uint64_t max_plain_bytes) {
  return std::make_unique<GzipActivityImporter>(max_plain_bytes);
}

}  // namespace backcoach
