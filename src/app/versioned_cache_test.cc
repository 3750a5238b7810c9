#include "app/versioned_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace backcoach {
namespace {

std::shared_ptr<const std::string> Value(const std::string& s) {
  return std::make_shared<const std::string>(s);
}

TEST(VersionedCacheTest, GivesOnlyTheVersionAskedFor) {
  VersionedCache<std::string> cache(10);
  cache.Put("maria", 3, Value("three"));
  ASSERT_NE(cache.Get("maria", 3), nullptr);
  EXPECT_EQ(*cache.Get("maria", 3), "three");
  EXPECT_EQ(cache.Get("maria", 4), nullptr) << "another server wrote version 4";
  EXPECT_EQ(cache.Get("maria", 2), nullptr);
  EXPECT_EQ(cache.Get("tom", 3), nullptr);
}

TEST(VersionedCacheTest, NeverReplacesANewerVersionWithAnOlderOne) {
  VersionedCache<std::string> cache(10);
  cache.Put("maria", 5, Value("five"));
  cache.Put("maria", 4, Value("four"));  // a slow request that read version 4
  EXPECT_EQ(*cache.Get("maria", 5), "five");
  cache.Put("maria", 6, Value("six"));
  EXPECT_EQ(*cache.Get("maria", 6), "six");
}

TEST(VersionedCacheTest, DropsTheLeastRecentlyUsedPastItsCapacity) {
  VersionedCache<std::string> cache(2);
  cache.Put("a", 1, Value("a"));
  cache.Put("b", 1, Value("b"));
  ASSERT_NE(cache.Get("a", 1), nullptr);  // a is now more recent than b
  cache.Put("c", 1, Value("c"));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Get("a", 1), nullptr);
  EXPECT_EQ(cache.Get("b", 1), nullptr);
  EXPECT_NE(cache.Get("c", 1), nullptr);
  cache.Erase("a");
  EXPECT_EQ(cache.Get("a", 1), nullptr);
}

TEST(VersionedCacheTest, ManyThreadsAtOnceStayConsistent) {
  VersionedCache<std::string> cache(50);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = "p" + std::to_string((i * 7 + t) % 100);
        cache.Put(key, i, Value(key + "@" + std::to_string(i)));
        if (auto v = cache.Get(key, i)) {
          EXPECT_EQ(*v, key + "@" + std::to_string(i));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(cache.size(), 50u);
}

}  // namespace
}  // namespace backcoach
