package oracle

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// commandTimeout bounds every external command so that a wedged server or
// compiler fails the test instead of hanging it. It is a safety net, not an
// assertion about speed.
const commandTimeout = 3 * time.Minute

// A step is one stage of taking an extension from source to use.
type step string

const (
	stepBuild   step = "build"   // make (compile and link)
	stepInstall step = "install" // make install into the staging tree
	stepLoad    step = "load"    // LOAD of each module
	stepCreate  step = "create"  // CREATE EXTENSION
	stepCall    step = "call"    // the manifest's calls
	stepUpdate  step = "update"  // ALTER EXTENSION ... UPDATE TO
)

func (s step) valid() bool {
	switch s {
	case stepBuild, stepInstall, stepLoad, stepCreate, stepCall, stepUpdate:
		return true
	}
	return false
}

// An outcome is what happened when a fixture was built and run: success
// (Step is empty) or the first step that failed and how.
type outcome struct {
	Step     step
	SQLState string // for server errors
	Message  string // the server's primary message, or the compiler's first error
	Location string // the server function and source file (VERBOSITY verbose)
	Crashed  bool   // the backend died
	Output   string // everything the failing step printed
}

func (o outcome) String() string {
	if o.Step == "" {
		return "success"
	}
	s := fmt.Sprintf("%s failed", o.Step)
	if o.Crashed {
		s += " (backend crashed)"
	}
	if o.SQLState != "" {
		s += " with SQLSTATE " + o.SQLState
	}
	s += fmt.Sprintf(": %q", o.Message)
	if o.Location != "" {
		s += " at " + o.Location
	}
	return s
}

// An installation is the PostgreSQL installation the tests build against
// and run, with one initialized data directory that every fixture copies.
type installation struct {
	pgConfig  string
	bindir    string
	sharedir  string
	pkglibdir string
	version   string
	major     string // the major version, e.g. "15", which pgext-ls checks against
	// runAs prefixes commands that must not run as root (initdb, pg_ctl).
	runAs    []string
	uid, gid int    // owner of server files; -1 when running as that user
	root     string // private temporary directory
	template string // initialized data directory
}

// findInstallation locates PostgreSQL 15 and its PGXS files, reporting
// them missing when absent, and runs initdb once into a temporary directory
// that is removed when t ends.
func findInstallation(t *testing.T) *installation {
	t.Helper()
	pgConfig := os.Getenv("PGEXT_LS_PG_CONFIG")
	if pgConfig == "" {
		pgConfig = "/usr/lib/postgresql/15/bin/pg_config"
	}
	if _, err := os.Stat(pgConfig); err != nil {
		testenv.Missing(t, "pg_config of PostgreSQL 15 not found at %s (run .ci/install-postgres.sh or set PGEXT_LS_PG_CONFIG)", pgConfig)
	}
	in := &installation{pgConfig: pgConfig, uid: -1, gid: -1}
	get := func(flag string) string {
		out, err := exec.Command(pgConfig, flag).Output()
		if err != nil {
			t.Fatalf("%s %s: %v", pgConfig, flag, err)
		}
		return strings.TrimSpace(string(out))
	}
	in.bindir, in.sharedir, in.pkglibdir, in.version = get("--bindir"), get("--sharedir"), get("--pkglibdir"), get("--version")
	m := majorVersion.FindStringSubmatch(in.version)
	if m == nil {
		t.Fatalf("%s --version printed %q, want PostgreSQL <major>.<minor>", pgConfig, in.version)
	}
	in.major = m[1]
	for _, prog := range []string{"initdb", "pg_ctl", "postgres", "psql"} {
		if _, err := os.Stat(filepath.Join(in.bindir, prog)); err != nil {
			testenv.Missing(t, "%s not found in %s (run .ci/install-postgres.sh)", prog, in.bindir)
		}
	}
	if _, err := os.Stat(get("--pgxs")); err != nil {
		testenv.Missing(t, "PGXS makefile not found (install postgresql-server-dev-15; run .ci/install-postgres.sh)")
	}
	testenv.LookPath(t, "make")
	testenv.LookPath(t, "cc")
	if os.Geteuid() == 0 {
		// The server refuses to run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			testenv.Missing(t, "running as root and there is no postgres user to run the server as: %v", err)
		}
		in.uid, _ = strconv.Atoi(u.Uid)
		in.gid, _ = strconv.Atoi(u.Gid)
		in.runAs = []string{testenv.LookPath(t, "runuser"), "-u", "postgres", "--"}
	}

	root, err := os.MkdirTemp("", "pgext-ls-oracle-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	// The server user must reach its data and socket directories below.
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	in.root = root
	in.template = filepath.Join(root, "template")
	if err := in.mkdirServer(in.template); err != nil {
		t.Fatal(err)
	}
	if _, err := in.run(context.Background(), "", true, filepath.Join(in.bindir, "initdb"),
		"-D", in.template, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
		"--no-sync", "--no-instructions"); err != nil {
		t.Fatalf("initdb: %v", err)
	}
	return in
}

// mkdirServer makes a directory the server user owns.
func (in *installation) mkdirServer(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if in.uid >= 0 {
		return os.Chown(dir, in.uid, in.gid)
	}
	return nil
}

// run runs a command in dir with a C locale and returns its combined
// output; asServer runs it as the server user.
func (in *installation) run(ctx context.Context, dir string, asServer bool, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	argv := append([]string{name}, args...)
	if asServer {
		argv = append(append([]string{}, in.runAs...), argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, out)
	}
	return string(out), nil
}

// make runs make with PGXS in dir. It never builds LLVM bitcode, which
// needs clang and proves nothing here.
func (in *installation) make(ctx context.Context, dir string, args ...string) (string, error) {
	return in.run(ctx, dir, false, "make", append([]string{"PG_CONFIG=" + in.pgConfig, "with_llvm=no"}, args...)...)
}

// A server is a running throwaway cluster whose share and library
// directories are a staging tree.
type server struct {
	in     *installation
	stage  string // DESTDIR of make install
	data   string
	socket string
	port   int
	log    string
}

// newStage makes an empty staging tree below dir.
func (in *installation) newStage(dir string) (*server, error) {
	s := &server{
		in:     in,
		stage:  filepath.Join(dir, "stage"),
		data:   filepath.Join(dir, "data"),
		socket: filepath.Join(dir, "run"),
	}
	s.log = filepath.Join(s.socket, "server.log")
	if err := os.MkdirAll(s.stage, 0o755); err != nil {
		return nil, err
	}
	return s, nil
}

// populate completes the staging tree after make install: a copy of the
// server binaries that finds the staging share and library directories,
// and links to every file of the real installation that make install did
// not provide.
func (s *server) populate() error {
	bindir := filepath.Join(s.stage, s.in.bindir)
	if err := os.MkdirAll(bindir, 0o755); err != nil {
		return err
	}
	for _, prog := range []string{"postgres", "pg_ctl"} {
		// A copy, not a link: the server resolves symbolic links to find
		// its installation.
		if err := copyFile(filepath.Join(s.in.bindir, prog), filepath.Join(bindir, prog), 0o755); err != nil {
			return err
		}
	}
	if err := linkMissing(s.in.pkglibdir, filepath.Join(s.stage, s.in.pkglibdir)); err != nil {
		return err
	}
	share := filepath.Join(s.stage, s.in.sharedir)
	if err := os.MkdirAll(filepath.Join(share, "extension"), 0o755); err != nil {
		return err
	}
	if err := linkMissing(filepath.Join(s.in.sharedir, "extension"), filepath.Join(share, "extension")); err != nil {
		return err
	}
	if err := linkMissing(s.in.sharedir, share); err != nil {
		return err
	}
	if err := os.Chmod(filepath.Dir(s.stage), 0o755); err != nil {
		return err
	}
	return makeReadable(s.stage)
}

// makeReadable lets every user read the files under dir and traverse its
// directories, whatever the umask was when make install wrote them: the
// server runs as another user.
func makeReadable(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := info.Mode().Perm() | 0o444
		if d.IsDir() || mode&0o100 != 0 {
			mode |= 0o111
		}
		return os.Chmod(path, mode)
	})
}

// linkMissing makes a symbolic link in dst to every entry of src that dst
// lacks.
func linkMissing(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		target := filepath.Join(dst, e.Name())
		if _, err := os.Lstat(target); err == nil {
			continue
		}
		if err := os.Symlink(filepath.Join(src, e.Name()), target); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, mode)
}

// start copies the template data directory and starts the staged server on
// a Unix socket only. The server is stopped, immediately, when t ends.
func (s *server) start(t *testing.T, port int) error {
	s.port = port
	ctx := context.Background()
	if _, err := s.in.run(ctx, "", false, "cp", "-a", s.in.template, s.data); err != nil {
		return err
	}
	if err := s.in.mkdirServer(s.socket); err != nil {
		return err
	}
	pgctl := filepath.Join(s.stage, s.in.bindir, "pg_ctl")
	opts := fmt.Sprintf("-k %s -p %d -c listen_addresses='' -c fsync=off -c max_connections=10 -c shared_buffers=16MB", s.socket, port)
	if _, err := s.in.run(ctx, "", true, pgctl, "-D", s.data, "-l", s.log, "-w", "-o", opts, "start"); err != nil {
		return fmt.Errorf("starting server: %w\n%s", err, s.serverLog())
	}
	t.Cleanup(func() {
		if _, err := s.in.run(context.Background(), "", true, pgctl, "-D", s.data, "stop", "-m", "immediate"); err != nil {
			t.Errorf("stopping server: %v", err)
		}
	})
	return nil
}

func (s *server) serverLog() string {
	data, _ := os.ReadFile(s.log)
	return string(data)
}

var majorVersion = regexp.MustCompile(`^PostgreSQL (\d+)`)

var (
	errorLine    = regexp.MustCompile(`(?m)^(?:psql:[^\n]*?:\d+: )?(?:ERROR|FATAL|PANIC):\s+([0-9A-Z]{5}): (.*)$`)
	locationLine = regexp.MustCompile(`(?m)^LOCATION:\s+(.*)$`)
)

// psql runs sql in one session of the postgres database with ON_ERROR_STOP
// and verbose errors. It returns the unaligned, tuples-only output and, on
// failure, an outcome (without Step) describing the error.
func (s *server) psql(sql string) (string, *outcome) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(s.in.bindir, "psql"),
		"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
		"-h", s.socket, "-p", strconv.Itoa(s.port), "-U", "postgres", "-d", "postgres")
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=C", "PGCONNECT_TIMEOUT=30")
	cmd.Stdin = strings.NewReader("\\set VERBOSITY verbose\n" + sql + "\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return strings.TrimSpace(stdout.String()), nil
	}
	return stdout.String(), parsePsqlError(stderr.String(), err)
}

// parsePsqlError describes a failed psql run from its standard error.
func parsePsqlError(stderr string, err error) *outcome {
	o := &outcome{Output: stderr}
	if m := errorLine.FindStringSubmatch(stderr); m != nil {
		o.SQLState, o.Message = m[1], m[2]
	}
	if m := locationLine.FindStringSubmatch(stderr); m != nil {
		o.Location = m[1]
	}
	if strings.Contains(stderr, "server closed the connection unexpectedly") {
		o.Crashed = true
		if o.Message == "" {
			o.Message = "server closed the connection unexpectedly"
		}
	}
	if o.Message == "" {
		o.Message = fmt.Sprintf("psql: %v: %s", err, strings.TrimSpace(stderr))
	}
	return o
}

var compilerError = regexp.MustCompile(`(?m)(?:\berror: |: (?:multiple definition of|undefined reference to) )(.*)$`)

// buildFailure describes a failed make from its output: the first compiler
// or linker error.
func buildFailure(st step, output string) outcome {
	o := outcome{Step: st, Output: output, Message: lastLine(output)}
	if m := compilerError.FindStringSubmatch(output); m != nil {
		o.Message = strings.TrimSpace(strings.TrimPrefix(m[0], ": "))
		o.Message = strings.TrimPrefix(o.Message, "error: ")
	}
	return o
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// sqlLiteral quotes s as a SQL string literal.
func sqlLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// sqlIdent quotes s as a SQL identifier.
func sqlIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// exercise builds the fixture, installs it into a fresh staging tree,
// starts a server on it and runs the manifest's steps, stopping at the
// first failure. buildLog receives make's output.
func (in *installation) exercise(t *testing.T, f *fixture, work string, port int) (oc outcome, buildLog string) {
	t.Helper()
	ctx := context.Background()
	out, err := in.make(ctx, f.Dir, f.MakeArgs...)
	if err != nil {
		return buildFailure(stepBuild, out), out
	}
	buildLog = out
	s, err := in.newStage(work)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := in.make(ctx, f.Dir, append([]string{"install", "DESTDIR=" + s.stage}, f.MakeArgs...)...); err != nil {
		return buildFailure(stepInstall, out), buildLog
	}
	if err := s.populate(); err != nil {
		t.Fatalf("staging tree: %v", err)
	}
	if err := s.start(t, port); err != nil {
		t.Fatal(err)
	}
	fail := func(st step, o *outcome) outcome {
		o.Step = st
		if o.Crashed {
			o.Output += "\nserver log:\n" + s.serverLog()
		}
		return *o
	}
	for _, mod := range f.Modules {
		if _, o := s.psql("LOAD " + sqlLiteral("$libdir/"+mod) + ";"); o != nil {
			return fail(stepLoad, o), buildLog
		}
	}
	create := "CREATE EXTENSION " + sqlIdent(f.Extension)
	if f.CreateVersion != "" {
		create += " VERSION " + sqlLiteral(f.CreateVersion)
	}
	if _, o := s.psql(create + ";"); o != nil {
		return fail(stepCreate, o), buildLog
	}
	calls := func(cs []call) *outcome {
		for _, c := range cs {
			got, o := s.psql(c.SQL)
			if o != nil {
				return o
			}
			if got != c.Want {
				return &outcome{Message: fmt.Sprintf("%s printed %q, want %q", c.SQL, got, c.Want)}
			}
		}
		return nil
	}
	if o := calls(f.Calls); o != nil {
		return fail(stepCall, o), buildLog
	}
	for _, v := range f.UpdateTo {
		if _, o := s.psql("ALTER EXTENSION " + sqlIdent(f.Extension) + " UPDATE TO " + sqlLiteral(v) + ";"); o != nil {
			return fail(stepUpdate, o), buildLog
		}
	}
	if o := calls(f.CallsAfterUpdate); o != nil {
		return fail(stepCall, o), buildLog
	}
	return outcome{}, buildLog
}
