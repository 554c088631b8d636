package assist

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
)

// serverHover describes name from the server headers of the supported
// majors vs: each distinct declaration with the majors it reads so in
// ("14-18: ..."), its header and doc comment, and the majors that lack it.
// It is "" when no supported major declares name.
func serverHover(db *pgapi.DB, name string, vs []int) string {
	all, err := db.ServerDecls(name)
	if err != nil || len(all) == 0 {
		return ""
	}
	type group struct {
		d      pgapi.ServerDecl
		majors []int
	}
	var groups []group
	has := map[int]bool{}
	for _, d := range all {
		if d.Kind == "typedef" && strings.HasPrefix(d.Text, "typedef struct "+name+" ") {
			continue // the struct itself says more
		}
		var in []int
		for _, v := range vs {
			for _, m := range d.Majors {
				if m == v {
					in = append(in, v)
					has[v] = true
				}
			}
		}
		if len(in) > 0 {
			groups = append(groups, group{d, in})
		}
	}
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — PostgreSQL server %s\n\n", name, groups[0].d.Kind)
	for i, g := range groups {
		fmt.Fprintf(&b, "%s: `%s`\n", formatMajors(g.majors), g.d.Header)
		b.WriteString(codeBlock("c", g.d.Text))
		if g.d.Doc != "" && (i == 0 || g.d.Doc != groups[i-1].d.Doc) {
			b.WriteString("\n" + g.d.Doc + "\n")
		}
		b.WriteString("\n")
	}
	var missing []int
	for _, v := range vs {
		if !has[v] {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "Not declared in %s.\n\n", formatMajors(missing))
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}
