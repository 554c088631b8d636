package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/config"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/pgconfig"
)

// Configuration
//
// Settings come in layers, each overriding the keys it sets in the ones
// before it: the project file (pgext-ls.json or .pgext-ls.json at a
// workspace root; with several roots, in root order), the client's
// initializationOptions, and the client's workspace/configuration section
// "pgext-ls" (re-read on workspace/didChangeConfiguration). Severities
// merge per code. With no configuration at all, every check runs at its
// default severity for the PostgreSQL versions pgapi supports by default.
// When pgVersions is not set, pg_config (the one pgConfig names, else the
// one on PATH; never one inside the workspace) gives the version.

// settings are pgext-ls's configuration keys (see package config).
type settings = config.Settings

// configLayers holds each source of settings.
type configLayers struct {
	project, init, client settings
}

// effective merges the layers.
func (l configLayers) effective() settings { return config.Merge(l.project, l.init, l.client) }

// reloadConfig reads the project files and, when the client supports it,
// workspace/configuration, then applies the result. When rerun is set, a
// change of the ignore patterns re-indexes and any change recomputes the
// diagnostics of the whole workspace.
func (s *server) reloadConfig(rerun bool) { s.loadConfig(rerun, true) }

// loadConfig is reloadConfig; askClient says whether to ask the client
// for workspace/configuration (when it supports it). Loads run one at a
// time, in the order they take reloadMu.
func (s *server) loadConfig(rerun, askClient bool) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	pull := askClient && s.caps.Workspace != nil && s.caps.Workspace.Configuration
	s.mu.Unlock()

	proj, errs := config.ReadProjectFiles(roots)
	if reported := fmt.Sprint(errs); reported != s.projectErrs {
		s.projectErrs = reported
		for _, err := range errs {
			s.log.Client(protocol.MessageTypeWarning, "%v", err)
		}
	}
	var client settings
	var haveClient bool
	if pull {
		var res []json.RawMessage
		params := map[string]any{"items": []map[string]string{{"section": "pgext-ls"}}}
		if err := s.call("workspace/configuration", params, &res, 5*time.Second); err != nil {
			s.log.Warnf("workspace/configuration: %v", err)
		} else if len(res) > 0 {
			c, err := config.Parse(res[0])
			if err != nil {
				s.log.Client(protocol.MessageTypeWarning, "configuration: %v", err)
			} else {
				client, haveClient = c, true
			}
		}
	}
	s.mu.Lock()
	s.layers.project = proj
	if haveClient {
		s.layers.client = client
	}
	s.mu.Unlock()
	s.applySettings(rerun)
}

// applySettings recomputes the effective settings and reacts to changes.
func (s *server) applySettings(rerun bool) {
	s.mu.Lock()
	s.settings = s.layers.effective()
	s.settingsSeq++
	now, seq := s.settings, s.settingsSeq
	s.mu.Unlock()
	for code, sev := range now.Severity {
		if _, err := diag.ParseSeverity(sev); err != nil {
			s.log.Client(protocol.MessageTypeWarning, "severity of %s: %v", code, err)
		}
	}
	s.diags.setConfig(s.checkConfig(now), seq)
	if !rerun {
		return
	}
	// The latest settings decide whether the snapshot's ignore patterns
	// are stale, not the ones this call computed: an older call that
	// finishes last does not re-index with outdated patterns.
	s.mu.Lock()
	stale := !sameStrings(s.indexedIgnore, s.settings.Ignore)
	s.mu.Unlock()
	if stale {
		s.reindex("ignore patterns changed")
		return
	}
	s.diags.schedule(nil, true)
}

// checkConfig turns settings into a check.Config.
func (s *server) checkConfig(st settings) check.Config {
	cfg := check.Config{}
	var errs []error
	cfg.Severity, errs = st.Severities()
	for _, err := range errs {
		s.log.Client(protocol.MessageTypeWarning, "%v", err)
	}
	db := s.pgapi()
	cfg.API = db
	var info *pgconfig.Info
	var err error
	if len(st.PGVersions) == 0 {
		s.mu.Lock()
		roots := append([]string(nil), s.roots...)
		s.mu.Unlock()
		info, err = pgconfig.Find(context.Background(), pgconfig.Options{Path: st.PGConfig, Roots: roots})
		switch {
		case err != nil && st.PGConfig != "":
			s.log.Client(protocol.MessageTypeWarning, "%v", err)
		case err != nil:
			s.log.Printf("no pg_config on PATH (%v); using the supported versions", err)
		}
	}
	defaults := pgapi.DefaultSupported()
	var hdrs *pgconfig.Headers
	if info != nil && info.IncludeDirServer != "" {
		hdrs = pgconfig.NewHeaders(info.IncludeDirServer)
	}
	s.mu.Lock()
	s.hdrs = hdrs
	s.mu.Unlock()
	cfg.PGVersions = st.PGVersions
	if info != nil {
		cfg.PGConfig = info.Major
	}
	var note string
	switch {
	case len(cfg.PGVersions) > 0:
		note = fmt.Sprintf("PostgreSQL versions %v (from the configuration)", cfg.PGVersions)
	case info != nil:
		note = fmt.Sprintf("PostgreSQL versions: each extension's own (META.json, #error guards, source tree, CI matrix), else pg_config's %d (%s)", info.Major, info.Path)
	default:
		note = fmt.Sprintf("PostgreSQL versions: each extension's own (META.json, #error guards, source tree, CI matrix), else %v (no pg_config found)", defaults)
	}
	s.log.Printf("%s", note)
	s.mu.Lock()
	s.versionsNote = note
	s.mu.Unlock()
	return cfg
}

func (s *server) didChangeConfiguration(params json.RawMessage) error {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := decode(params, &p); err != nil {
		return err
	}
	s.mu.Lock()
	pull := s.caps.Workspace != nil && s.caps.Workspace.Configuration
	s.mu.Unlock()
	if pull {
		go s.reloadConfig(true)
		return nil
	}
	st, err := config.Parse(p.Settings)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.layers.client = st
	s.mu.Unlock()
	go s.applySettings(true)
	return nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pgapi loads the PostgreSQL API facts once; nil when they cannot load.
func (s *server) pgapi() *pgapi.DB {
	s.apiOnce.Do(func() {
		db, err := pgapi.Load()
		if err != nil {
			s.log.Errorf("loading PostgreSQL API facts: %v", err)
			return
		}
		s.api = db
	})
	return s.api
}

// headers returns the installed server headers, or nil.
func (s *server) headers() *pgconfig.Headers {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hdrs
}
