module pastedgen/goopenai

go 1.18

require github.com/sashabaranov/go-openai v1.42.0

// no Go module proxy on the generator's machine: the module's source at its tag v1.42.0,
// unpacked from its GitHub repository into the git-ignored .gengo (generate.py's docstring)
replace github.com/sashabaranov/go-openai => ../../../../../.gengo/src/go-openai
