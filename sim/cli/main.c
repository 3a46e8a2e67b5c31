/* main.c - el2sim: an AArch64 EL2 exception-model simulator. */
#include "cli.h"
#include "scenario.h"
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: el2sim COMMAND [options]\n"
            "  run IMAGE...        run images at EL2 (or --el 1) and print every exception,\n"
            "                      exception return and EL2 system-register write\n"
            "  scenario FILE       make a scenario's calls into a stub and check each result\n"
            "  check IMAGE|SCENARIO --abi NAME   report every violation of a calling convention\n"
            "  version             print the version\n"
            "Run 'el2sim COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "scenario"))
        return cmd_scenario(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("el2sim %s\n", EL2_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "el2sim: unknown command '%s' (try 'el2sim help')\n", cmd);
    return EXIT_BAD_INPUT;
}
