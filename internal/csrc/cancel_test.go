package csrc_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

// TestParseContext checks that a parse whose context is done gives up
// with the context's error, before it starts and in the middle of a large
// file, and that a live context gives Parse's facts.
func TestParseContext(t *testing.T) {
	var b strings.Builder
	b.WriteString("#include \"postgres.h\"\nPG_MODULE_MAGIC;\n")
	for i := 0; i < 4000; i++ {
		fmt.Fprintf(&b, "static int f%d(int a, int b) { if (a > b) return a - b; return b * %d; }\n", i, i)
	}
	src := []byte(b.String())

	done, cancel := context.WithCancel(context.Background())
	cancel()
	if f, err := csrc.ParseContext(done, "big.c", src); f != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("ParseContext with a cancelled context = %v, %v; want nil, context.Canceled", f != nil, err)
	}

	later, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(time.Millisecond, cancel)
	if f, err := csrc.ParseContext(later, "big.c", src); f != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("ParseContext cancelled during the parse = %v, %v; want nil, context.Canceled", f != nil, err)
	}

	f, err := csrc.ParseContext(context.Background(), "big.c", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Funcs) != 4000 || len(f.Magic) != 1 {
		t.Errorf("ParseContext found %d functions, %d PG_MODULE_MAGIC; want 4000, 1", len(f.Funcs), len(f.Magic))
	}
	if !reflect.DeepEqual(f, csrc.Parse("big.c", src)) {
		t.Errorf("ParseContext and Parse differ")
	}
}
