/*
** The Compose Specification's JSON schema as C tables: the types of
** schema_gen.c, written by tools/gen_compose_schema.py.  One row per
** subschema; row 0 is the empty schema, which accepts anything.
*/
#ifndef PL_COMPOSE_SCHEMA_H
#define PL_COMPOSE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

/* JSON types a row accepts (pl_cs_node.types). */
enum {
	PL_CS_NULL = 1,  /* null (YAML ~, null, or nothing) */
	PL_CS_BOOL = 2,
	PL_CS_INT = 4,   /* an integer (also a float with no fraction, as JSON Schema reads it) */
	PL_CS_NUM = 8,   /* any number, integers included */
	PL_CS_STR = 16,
	PL_CS_ARR = 32,  /* a YAML sequence */
	PL_CS_OBJ = 64,  /* a YAML mapping */
};

/* How Compose converts a string before validating (compose-go interpolateTypeCastMapping). */
enum {
	PL_CS_CAST_NONE = 0,
	PL_CS_CAST_INT,   /* strconv.ParseInt */
	PL_CS_CAST_FLOAT, /* strconv.ParseFloat */
	PL_CS_CAST_BOOL,  /* true/false, and YAML 1.1's y/yes/on/n/no/off */
};

/* Checks of a value the JSON schema does not state (PL0003, and PL0004 for the short syntax). */
enum {
	PL_CS_FMT_NONE = 0,
	PL_CS_FMT_DURATION,    /* a Go duration: 1m30s */
	PL_CS_FMT_RESTART,     /* no, always, unless-stopped, on-failure[:N] */
	PL_CS_FMT_PORT,        /* a ports item: short syntax string, or a number */
	PL_CS_FMT_PORT_NUMBER, /* long syntax target: 1-65535 */
	PL_CS_FMT_PORT_RANGE,  /* long syntax published: a port or a range */
	PL_CS_FMT_PROTOCOL,    /* tcp, udp, sctp */
	PL_CS_FMT_EXPOSE,      /* an expose item: port[-port][/proto] */
	PL_CS_FMT_VOLUME,      /* a volumes item in short syntax */
};

/* pl_cs_node.flags */
enum {
	PL_CS_F_UNIQUE = 1,     /* uniqueItems */
	PL_CS_F_CLOSED = 2,     /* additionalProperties: false */
	PL_CS_F_DEPRECATED = 4, /* deprecated: true */
	PL_CS_F_MIN = 8,        /* min is live */
	PL_CS_F_MAX = 16,       /* max is live */
};

typedef struct pl_cs_node {
	uint8_t types;    /* PL_CS_* bits; 0 = any type */
	uint8_t cast;     /* PL_CS_CAST_* applied to a string here */
	uint8_t format;   /* PL_CS_FMT_* check of a scalar here */
	uint8_t flags;    /* PL_CS_F_* */
	int16_t pattern;  /* pl_cs_patterns index a string must match, or -1 */
	uint16_t items;   /* row for every item of a list (0: anything) */
	uint16_t props;   /* pl_cs_props[props .. props+nprops), sorted by name */
	uint16_t nprops;
	uint16_t pats;    /* pl_cs_pats[pats .. pats+npats): patternProperties */
	uint16_t npats;
	uint16_t req;     /* pl_cs_lists[req .. req+nreq): pl_cs_strs indices of required keys */
	uint16_t nreq;
	uint16_t enums;   /* pl_cs_lists[enums .. enums+nenums): pl_cs_strs indices of allowed values */
	uint16_t nenums;
	uint16_t oneof;   /* pl_cs_lists[oneof .. oneof+noneof): rows of the alternatives */
	uint16_t noneof;
	int32_t min;      /* minimum, when PL_CS_F_MIN */
	int32_t max;      /* maximum, when PL_CS_F_MAX */
} pl_cs_node;

typedef struct pl_cs_prop {
	const char *name; /* the key */
	uint16_t row;     /* its schema */
} pl_cs_prop;

typedef struct pl_cs_pat {
	uint16_t pattern; /* pl_cs_patterns index the key must match */
	uint16_t row;     /* the schema of the values of matching keys */
} pl_cs_pat;

extern const char pl_cs_schema_sha256[]; /* of the compose-spec.json the tables come from */
extern const uint16_t pl_cs_root;        /* the row of a compose file */
extern const pl_cs_node pl_cs_nodes[];
extern const size_t pl_cs_nnodes;
extern const pl_cs_prop pl_cs_props[];
extern const pl_cs_pat pl_cs_pats[];
extern const uint16_t pl_cs_lists[];
extern const char *const pl_cs_strs[];
extern const char *const pl_cs_patterns[]; /* ECMA-262 regular expressions, unanchored */
extern const size_t pl_cs_npatterns;

#endif
