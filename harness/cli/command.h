/*
 * command.h — the subcommands of the corobench CLI.
 *
 * Each subcommand lives in its own file (harness/cli/cmd_*.c) and registers itself
 * with CMD_REGISTER, so adding one needs no edit to main.c. With the registries of
 * runtimes/registry.h, this is the one place the harness uses constructors. A command's main()
 * returns the process exit status: 0 all good, 1 some configuration failed,
 * 2 bad usage or bad input (after printing one line that names the bad value).
 */
#ifndef COROBENCH_COMMAND_H
#define COROBENCH_COMMAND_H

typedef struct cb_command {
	const char *name;                   /* `corobench <name>`                               */
	const char *usage;                  /* the synopsis line(s) printed by --help           */
	const char *summary;                /* one line for `corobench --help`                  */
	int (*main)(int argc, char **argv); /* argv[0] is the command name      */
} cb_command;

void cmd_register(const cb_command *c);
const cb_command *cmd_find(const char *name);
int cmd_count(void);
const cb_command *cmd_at(int i);

/* Prints "usage: corobench <usage>" to stdout (for --help) and returns 0. */
int cmd_help(const cb_command *c);

#define CMD_REGISTER(var)                                                                          \
	__attribute__((constructor)) static void cmd_register_##var(void)                          \
	{                                                                                          \
		cmd_register(&var);                                                                \
	}

#endif
