// Command pgext-ls is a language server and checker for PostgreSQL C extensions.
package main

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/c"
	_ "go.lsp.dev/jsonrpc2"
	_ "go.lsp.dev/protocol"
)

func main() {
	p := sitter.NewParser()
	p.SetLanguage(c.GetLanguage())
	_, err := pg_query.Parse("select 1")
	fmt.Println(err)
}
