// VersionedCache: values derived from a versioned stored object (a plan
// state parsed from its JSON, a rendered answer), kept in memory so that a
// request whose object has not changed skips the work.
//
// The caller always reads the current version from the store and asks for
// that version: an entry made from an older version is never returned, so
// the cache stays correct when several servers share one database and any
// of them may have written a newer version. Bounded: past `capacity`
// entries, the least recently used one goes.
//
// Thread-safety: every member may be called from any thread at once (one
// mutex); the values handed out are const and shared. Nothing here fails:
// a miss is a null.
#ifndef BACKCOACH_APP_VERSIONED_CACHE_H_
#define BACKCOACH_APP_VERSIONED_CACHE_H_

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace backcoach {

template <typename T>
class VersionedCache {
 public:
  explicit VersionedCache(std::size_t capacity) : capacity_(capacity) {}

  // The value made from exactly this version of `key`, or null.
  std::shared_ptr<const T> Get(const std::string& key, std::int64_t version) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end() || it->second->version != version) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);  // now the most recent
    return it->second->value;
  }

  // Keeps `value` as made from `version` of `key`, unless a newer version
  // is kept already.
  void Put(const std::string& key, std::int64_t version, std::shared_ptr<const T> value) {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      if (it->second->version > version) return;  // never replace newer with older
      it->second->version = version;
      it->second->value = std::move(value);
      entries_.splice(entries_.begin(), entries_, it->second);
      return;
    }
    entries_.push_front({key, version, std::move(value)});
    index_[key] = entries_.begin();
    if (entries_.size() > capacity_) {
      index_.erase(entries_.back().key);
      entries_.pop_back();
    }
  }

  void Erase(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      entries_.erase(it->second);
      index_.erase(it);
    }
  }

  std::size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    std::string key;
    std::int64_t version;
    std::shared_ptr<const T> value;
  };
  const std::size_t capacity_;
  std::mutex mu_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_VERSIONED_CACHE_H_
