// backcoach: the command-line entry point.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  backcoach::cli::Io io{std::cin, std::cout, std::cerr, isatty(STDOUT_FILENO) == 1,
                        isatty(STDERR_FILENO) == 1};
  std::vector<std::string> args(argv + 1, argv + argc);
  return backcoach::cli::RunCli(args, io);
}
