/*
 * replay.c — runs a fuzz target over files (its committed corpus) without
 * libFuzzer, so `make test` replays every interesting input found by `make fuzz`
 * as a regression test with gcc and, in sanitizer builds, with ASan/UBSan.
 * Usage: replay FILE|DIR...   Exit 0 when every input ran (a bug aborts).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	static uint8_t buf[1 << 20]; /* corpus inputs are capped far below 1 MiB */
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	uint8_t *copy = malloc(n ? n : 1); /* exact-size copy so ASan sees overreads */
	memcpy(copy, buf, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, errors = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			errors += replay_file(argv[i]);
			files++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			errors += replay_file(path);
			files++;
		}
		if (d)
			closedir(d);
	}
	printf("replayed %d input(s), %d unreadable\n", files, errors);
	return errors != 0;
}
