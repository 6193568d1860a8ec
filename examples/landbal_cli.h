/*
 * landbal_cli.h: pieces shared by the commands of the landbal program.
 */
#ifndef LANDBAL_CLI_H
#define LANDBAL_CLI_H

#include "landbal.h"

/* Exit statuses (rules.md §5). */
#define EXIT_REPORTED 0
#define EXIT_INPUT 1
#define EXIT_USAGE 2

/* Print "landbal: " + message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The value of option argv[*i] (advancing *i); NULL with a message when
 * it is missing. */
const char *cli_value(int argc, char **argv, int *i);

int cmd_area(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
