package pgapi

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

func parseParams(decls []string) []csrc.Param {
	if len(decls) == 1 && csrc.NormalizeType(decls[0]) == "void" {
		return nil
	}
	out := make([]csrc.Param, 0, len(decls))
	for _, d := range decls {
		out = append(out, csrc.ParseParam(d))
	}
	return out
}

// formatSignature formats "ret (type name, ...)".
func formatSignature(ret string, params []csrc.Param) string {
	var b strings.Builder
	b.WriteString(ret)
	b.WriteString(" (")
	if len(params) == 0 {
		b.WriteString("void")
	}
	for i, p := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strings.TrimSpace(p.Decl))
	}
	b.WriteString(")")
	return b.String()
}

func sameTypes(ret1 string, p1 []csrc.Param, ret2 string, p2 []csrc.Param) bool {
	if csrc.NormalizeType(ret1) != csrc.NormalizeType(ret2) || len(p1) != len(p2) {
		return false
	}
	for i := range p1 {
		if p1[i].Type != p2[i].Type {
			return false
		}
	}
	return true
}
