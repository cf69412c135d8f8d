/* replay.c — runs a fuzz target over every file named on the command line
 * (the corpus), so CI exercises the fuzzers without libFuzzer.  Exit 0
 * when every input was handled. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        uint8_t *buf = NULL;
        long n;
        if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
            fseek(fp, 0, SEEK_SET) != 0 ||
            (buf = malloc((size_t)n + 1)) == NULL ||
            fread(buf, 1, (size_t)n, fp) != (size_t)n) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        fclose(fp);
        LLVMFuzzerTestOneInput(buf, (size_t)n);
        free(buf);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
