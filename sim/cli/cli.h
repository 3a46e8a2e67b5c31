/* cli.h - the el2sim commands (main.c dispatches to them). */
#ifndef EL2_CLI_H
#define EL2_CLI_H
#include "setup.h"
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
#endif
