package csrc

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestLexContextCancelled: the lexer gives up on a done context instead
// of reading the rest of a large file (a parse superseded by newer
// keystrokes returns at once).
func TestLexContextCancelled(t *testing.T) {
	src := []byte(strings.Repeat("int a = b + c;\n", cancelEvery))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	toks, err := lexContext(ctx, src, true)
	if !errors.Is(err, context.Canceled) || toks != nil {
		t.Errorf("lexContext on a cancelled context = %d tokens, %v; want none and context.Canceled", len(toks), err)
	}
	if toks, err := lexContext(context.Background(), src, true); err != nil || len(toks) != 7*cancelEvery {
		t.Errorf("lexContext = %d tokens, %v; want %d and no error", len(toks), err, 7*cancelEvery)
	}
	if _, err := ParseContext(ctx, "big.c", src); !errors.Is(err, context.Canceled) {
		t.Errorf("ParseContext on a cancelled context: err = %v, want context.Canceled", err)
	}
}
