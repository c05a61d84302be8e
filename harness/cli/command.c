/* command.c — the subcommand registry (command.h). */
#include "command.h"

#include <stdio.h>

#include "../../runtimes/registry.h"

static registry commands = {.what = "command"};

void cmd_register(const cb_command *c)
{
	registry_add(&commands, c, c->name);
}
const cb_command *cmd_find(const char *name)
{
	return registry_find(&commands, name);
}
int cmd_count(void)
{
	return commands.count;
}
const cb_command *cmd_at(int i)
{
	return commands.items[i];
}

int cmd_help(const cb_command *c)
{
	printf("usage: corobench %s\n\n%s\n", c->usage, c->summary);
	return 0;
}
