# Shared rules: the install script of the current version is made from
# the parts; DATA_built picks the list for the server version.
script_of = $(1)--$(2).sql
when_ext = $(if $(filter 8.%,$(MAJORVERSION)),$(2),$(1))

Ext_built = $(call script_of,$(EXTENSION),$(EXT_VERSION))
DATA_built = $(call when_ext,$(Ext_built),)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(Ext_built): $(foreach p,$(PARTS),src/$(p).sql)
	cat $^ > $@
