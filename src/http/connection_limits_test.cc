#include "http/connection_limits.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace backcoach::http {
namespace {

// An address as accept() gives it.
struct Peer {
  sockaddr_storage storage = {};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

Peer Ipv4Peer(const char* text, int port = 40000) {
  Peer peer;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&peer.storage);
  v4->sin_family = AF_INET;
  v4->sin_port = htons(static_cast<uint16_t>(port));
  EXPECT_EQ(inet_pton(AF_INET, text, &v4->sin_addr), 1);
  peer.length = sizeof(sockaddr_in);
  return peer;
}

Peer Ipv6Peer(const char* text, int port = 40000) {
  Peer peer;
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&peer.storage);
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(static_cast<uint16_t>(port));
  EXPECT_EQ(inet_pton(AF_INET6, text, &v6->sin6_addr), 1);
  peer.length = sizeof(sockaddr_in6);
  return peer;
}

bool AdmitPeer(ConnectionLimits& limits, const Peer& peer) {
  return limits.Admit(peer.get(), peer.length);
}

TEST(ConnectionLimitsTest, OneAddressGetsNoMoreThanItsShare) {
  ConnectionLimits limits(10, 3);
  const Peer a = Ipv4Peer("10.0.0.1");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("10.0.0.1", 40000 + i)));
  EXPECT_FALSE(AdmitPeer(limits, a)) << "the fourth from one address, whatever its port";
  EXPECT_EQ(limits.OpenFrom(a.get(), a.length), 3) << "a refusal counts nothing";
  EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("10.0.0.2")));
  limits.Release(a.get(), a.length);
  EXPECT_TRUE(AdmitPeer(limits, a)) << "a closed connection frees its place";
  EXPECT_EQ(limits.Open(), 4);
}

TEST(ConnectionLimitsTest, NoMoreThanTheTotalFromAllAddresses) {
  ConnectionLimits limits(4, 2);
  EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("10.0.0.1")));
  EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("10.0.0.2")));
  EXPECT_TRUE(AdmitPeer(limits, Ipv6Peer("2001:db8::1")));
  EXPECT_TRUE(AdmitPeer(limits, Ipv6Peer("2001:db8::2")));
  EXPECT_FALSE(AdmitPeer(limits, Ipv4Peer("10.0.0.3")));
  const Peer second = Ipv4Peer("10.0.0.2");
  limits.Release(second.get(), second.length);
  EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("10.0.0.3")));
  EXPECT_EQ(limits.Open(), 4);
}

TEST(ConnectionLimitsTest, AnIpv4HostCountsOnceWhetherMappedOrNot) {
  ConnectionLimits limits(10, 2);
  EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("192.0.2.7")));
  EXPECT_TRUE(AdmitPeer(limits, Ipv6Peer("::ffff:192.0.2.7")));
  EXPECT_FALSE(AdmitPeer(limits, Ipv4Peer("192.0.2.7")));
  EXPECT_FALSE(AdmitPeer(limits, Ipv6Peer("::ffff:192.0.2.7")));
  EXPECT_TRUE(AdmitPeer(limits, Ipv6Peer("::192.0.2.7"))) << "not a mapped address";
}

TEST(ConnectionLimitsTest, ReleasingWhatWasNeverAdmittedChangesNothing) {
  ConnectionLimits limits(2, 1);
  const Peer stranger = Ipv4Peer("10.9.9.9");
  limits.Release(stranger.get(), stranger.length);
  EXPECT_EQ(limits.Open(), 0);
  EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("10.0.0.1")));
  limits.Release(stranger.get(), stranger.length);
  EXPECT_EQ(limits.Open(), 1);
  EXPECT_TRUE(AdmitPeer(limits, Ipv4Peer("10.0.0.2")));
  EXPECT_FALSE(AdmitPeer(limits, Ipv4Peer("10.0.0.3")));
}

// Threads admitting and releasing at random never see either limit passed,
// and every count returns to zero.
TEST(ConnectionLimitsTest, ManyThreadsNeverPassEitherLimit) {
  constexpr int kTotal = 12, kPerAddress = 5, kAddresses = 4;
  ConnectionLimits limits(kTotal, kPerAddress);
  std::vector<Peer> peers;
  for (int i = 0; i < kAddresses; ++i)
    peers.push_back(Ipv4Peer(("10.0.0." + std::to_string(i + 1)).c_str()));
  std::atomic<bool> passed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      std::vector<int> held;
      for (int step = 0; step < 20000; ++step) {
        if (held.empty() || random() % 2 == 0) {
          const int which = static_cast<int>(random() % kAddresses);
          const Peer& peer = peers[static_cast<std::size_t>(which)];
          if (limits.Admit(peer.get(), peer.length)) held.push_back(which);
        } else {
          const Peer& peer = peers[static_cast<std::size_t>(held.back())];
          limits.Release(peer.get(), peer.length);
          held.pop_back();
        }
        if (limits.Open() > kTotal) passed = true;
        for (const Peer& peer : peers) {
          if (limits.OpenFrom(peer.get(), peer.length) > kPerAddress) passed = true;
        }
      }
      for (int which : held) {
        const Peer& peer = peers[static_cast<std::size_t>(which)];
        limits.Release(peer.get(), peer.length);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_FALSE(passed);
  EXPECT_EQ(limits.Open(), 0);
  for (const Peer& peer : peers) EXPECT_EQ(limits.OpenFrom(peer.get(), peer.length), 0);
}

}  // namespace
}  // namespace backcoach::http
