package setup

import (
	"reflect"
	"testing"
)

func paths(f *File) []string {
	var out []string
	for _, n := range f.Names {
		out = append(out, n.Path)
	}
	return out
}

// TestShellWords: the words of a script that name relative paths, with
// quotes removed; expansions, options, URLs, absolute paths and comments
// name none.
func TestShellWords(t *testing.T) {
	src := `#!/bin/sh
# Pull the lib-json library into lib-json/
rm -rf "lib-json" ./vendor/ &&
wget https://example.org/lib-json-$V.tar.gz && tar -zxf lib-json-$V.tar.gz
mv lib-json-$V 'deps/lib json' ; cd deps\/x
DEST=third_party/y ./configure --prefix=/usr --srcdir=src/z
AC_CONFIG_FILES([src/version.c Makefile])
`
	f := Parse("autogen.sh", []byte(src))
	want := []string{"rm", "lib-json", "vendor", "wget", "tar", "mv", "cd", "deps/x", "third_party/y", "configure", "src/z", "AC_CONFIG_FILES", "src/version.c", "Makefile"}
	if got := paths(f); !reflect.DeepEqual(got, want) {
		t.Errorf("names:\n got %q\nwant %q", got, want)
	}
	n, ok := f.Named("vendor/")
	if !ok || src[n.Range.Start:n.Range.End] != "./vendor/" {
		t.Errorf("Named(vendor/) = %+v, %v", n, ok)
	}
	if _, ok := f.Named("lib-json-1.0"); ok {
		t.Error("a word with an expansion names lib-json-1.0")
	}
}

// TestSubmodules: .gitmodules names each submodule's path, not its URL.
func TestSubmodules(t *testing.T) {
	src := "[submodule \"json\"]\n\tpath = third_party/json\n\turl = ../json.git\n[submodule \"x\"]\npath=x\n"
	f := Parse("sub/.gitmodules", []byte(src))
	if got, want := paths(f), []string{"third_party/json", "x"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("names %q, want %q", got, want)
	}
	n := f.Names[0]
	if !n.Submodule || src[n.Range.Start:n.Range.End] != "third_party/json" {
		t.Errorf("first name %+v (%q)", n, src[n.Range.Start:n.Range.End])
	}
	if !Is(".gitmodules") || !Is("autogen.sh") || !Is("fetch.sh") || !Is("configure") || Is("Makefile") {
		t.Error("Is")
	}
}
