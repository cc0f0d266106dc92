/*
** Fuzz the YAML loader (anchors, aliases, merge keys, depth and
** expansion caps) and the compose model over it (schema, interpolation,
** port and volume syntax), then dump both.  The file is named as if in
** a folder that does not exist, so no .env or include beside it is read.
*/
#include "fuzz.h"

#include "dump.h"
#include "plimsoll/compose.h"
#include "plimsoll/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "/nonexistent/plimsoll-fuzz/compose.yaml", (const char *)data, size);

	pl_yaml y;
	pl_yaml_init(&y);
	pl_yaml_load(&y, &a, &src);
	pl_dump_yaml(fuzz_null(), &y);

	pl_compose_opts o = {0};
	o.max_file_size = 1 << 20;
	pl_compose c;
	pl_compose_load(&c, &a, &src, &o);
	pl_dump_compose(fuzz_null(), &c);
	pl_arena_free(&a);
	return 0;
}
