package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/check"
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
// pg_config is run only when pgConfig names it and pgVersions is not set.

// settings are pgext-ls's configuration keys.
type settings struct {
	PGVersions []int             `json:"pgVersions,omitempty"`
	PGConfig   string            `json:"pgConfig,omitempty"`
	Severity   map[string]string `json:"severity,omitempty"`
	Ignore     []string          `json:"ignore,omitempty"`
}

// configLayers holds each source of settings.
type configLayers struct {
	project, init, client settings
}

// effective merges the layers.
func (l configLayers) effective() settings {
	var out settings
	for _, x := range []settings{l.project, l.init, l.client} {
		if len(x.PGVersions) > 0 {
			out.PGVersions = x.PGVersions
		}
		if x.PGConfig != "" {
			out.PGConfig = x.PGConfig
		}
		if x.Ignore != nil {
			out.Ignore = x.Ignore
		}
		for k, v := range x.Severity {
			if out.Severity == nil {
				out.Severity = map[string]string{}
			}
			out.Severity[strings.ToUpper(k)] = v
		}
	}
	return out
}

// parseSettings reads settings from JSON, accepting them bare or inside a
// "pgext-ls" member. Empty input gives zero settings.
func parseSettings(raw json.RawMessage) (settings, error) {
	var s settings
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	var wrapped map[string]json.RawMessage
	if json.Unmarshal(raw, &wrapped) == nil {
		if inner, ok := wrapped["pgext-ls"]; ok {
			raw = inner
		}
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return settings{}, fmt.Errorf("reading settings: %w", err)
	}
	return s, nil
}

// projectFiles are the names of the project configuration file.
var projectFiles = []string{"pgext-ls.json", ".pgext-ls.json"}

func isConfigFile(path string) bool {
	base := filepath.Base(path)
	for _, n := range projectFiles {
		if base == n {
			return true
		}
	}
	return false
}

// readProjectSettings reads the project files at the roots.
func readProjectSettings(roots []string) (settings, []error) {
	var l configLayers
	var errs []error
	for _, r := range roots {
		for _, name := range projectFiles {
			p := filepath.Join(r, name)
			b, err := os.ReadFile(p)
			if err != nil {
				if !errors.Is(err, os.ErrNotExist) {
					errs = append(errs, err)
				}
				continue
			}
			s, err := parseSettings(b)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				continue
			}
			l.init = s
			l.project = l.effective()
			break
		}
	}
	return l.project, errs
}

// reloadConfig reads the project files and, when the client supports it,
// workspace/configuration, then applies the result. When rerun is set, a
// change of the ignore patterns re-indexes and any change recomputes the
// diagnostics of the whole workspace.
func (s *server) reloadConfig(rerun bool) {
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	pull := s.caps.Workspace != nil && s.caps.Workspace.Configuration
	s.mu.Unlock()

	proj, errs := readProjectSettings(roots)
	for _, err := range errs {
		s.log.Client(protocol.MessageTypeWarning, "pgext-ls: %v", err)
	}
	var client settings
	var haveClient bool
	if pull {
		var res []json.RawMessage
		params := map[string]any{"items": []map[string]string{{"section": "pgext-ls"}}}
		if err := s.call("workspace/configuration", params, &res, 5*time.Second); err != nil {
			s.log.Printf("workspace/configuration: %v", err)
		} else if len(res) > 0 {
			c, err := parseSettings(res[0])
			if err != nil {
				s.log.Client(protocol.MessageTypeWarning, "pgext-ls: configuration: %v", err)
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
	old := s.settings
	s.settings = s.layers.effective()
	now := s.settings
	s.mu.Unlock()
	for code, sev := range now.Severity {
		if _, err := diag.ParseSeverity(sev); err != nil {
			s.log.Client(protocol.MessageTypeWarning, "pgext-ls: severity of %s: %v", code, err)
		}
	}
	s.diags.setConfig(s.checkConfig(now))
	if !rerun {
		return
	}
	if !sameStrings(old.Ignore, now.Ignore) {
		s.reindex("ignore patterns changed")
		return
	}
	s.diags.schedule(nil, true)
}

// checkConfig turns settings into a check.Config.
func (s *server) checkConfig(st settings) check.Config {
	cfg := check.Config{Severity: map[string]diag.Severity{}}
	for code, v := range st.Severity {
		if sev, err := diag.ParseSeverity(v); err == nil {
			cfg.Severity[strings.ToUpper(code)] = sev
		}
	}
	db := s.pgapi()
	cfg.API = db
	var info *pgconfig.Info
	var err error
	if len(st.PGVersions) == 0 && st.PGConfig != "" {
		s.mu.Lock()
		roots := append([]string(nil), s.roots...)
		s.mu.Unlock()
		info, err = pgconfig.Find(context.Background(), pgconfig.Options{Path: st.PGConfig, Roots: roots})
		if err != nil {
			s.log.Client(protocol.MessageTypeWarning, "pgext-ls: %v", err)
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
	var src pgconfig.Source
	cfg.PGVersions, src = pgconfig.Versions(st.PGVersions, info, defaults)
	s.log.Printf("PostgreSQL versions %v (from %s)", cfg.PGVersions, src)
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
	st, err := parseSettings(p.Settings)
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
			s.log.Printf("loading PostgreSQL API facts: %v", err)
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
