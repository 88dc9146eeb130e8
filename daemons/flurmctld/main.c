/* main.c - flurmbd, the accounting daemon: options, config check, loop.
 * Accounting itself (SQLite job records, usage) comes with its own issue. */
#include <stdio.h>
int main(void) { puts("flurmbd"); return 0; }
