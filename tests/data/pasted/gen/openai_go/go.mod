module pastedgen/openaigo

go 1.19

require github.com/openai/openai-go v0.1.0-alpha.65

require (
	github.com/tidwall/gjson v1.14.4 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.1 // indirect
	github.com/tidwall/sjson v1.2.5 // indirect
)

// no Go module proxy on the generator's machine: each module's source at its tag, unpacked
// from its GitHub repository into the git-ignored .gengo (generate.py's docstring). The
// newest openai-go that Debian's Go 1.19 builds (alpha.66 does not build, later ones use
// Go 1.21's slices and maps packages).
replace (
	github.com/openai/openai-go => ../../../../../.gengo/src/openai-go
	github.com/tidwall/gjson => ../../../../../.gengo/src/tidwall/gjson
	github.com/tidwall/match => ../../../../../.gengo/src/tidwall/match
	github.com/tidwall/pretty => ../../../../../.gengo/src/tidwall/pretty
	github.com/tidwall/sjson => ../../../../../.gengo/src/tidwall/sjson
)
