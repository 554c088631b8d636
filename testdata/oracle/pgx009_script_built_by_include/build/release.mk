# The release's install script, pgxo--$(RELEASE).sql: the 1.0 script and
# the update to 1.1 in one file, named through a function, as the
# project's shared makefiles do.
release_script = $(EXTENSION)--$(1).sql
DATA_built = $(call release_script,$(RELEASE))

$(call release_script,$(RELEASE)): pgxo--1.0.sql pgxo--1.0--1.1.sql
	cat $^ > $@
