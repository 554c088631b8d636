package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

func TestZZProf(t *testing.T) {
	args := strings.Fields(os.Getenv("ZZARGS"))
	for i := 0; i < 3; i++ {
		runCheck(args, io.Discard, io.Discard)
	}
}
