package io.dsec2.examples.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ds-ec2 completion bash|zsh}: prints a completion script for every command and option (picocli's
 * {@link AutoComplete}). The script works in bash and, through {@code bashcompinit}, in zsh.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script. bash: source <(ds-ec2 completion bash); zsh: add"
                + " 'source <(ds-ec2 completion zsh)' to ~/.zshrc.")
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("ds-ec2", command.root().commandLine());
        var out = command.commandLine().getOut();
        if (shell == Shell.zsh) {
            // the generated script loads compinit/bashcompinit itself when $ZSH_VERSION is set
            out.println("# ds-ec2 completion for zsh (a bash completion script run through bashcompinit)");
        }
        out.print(script);
        out.flush();
        return DsEc2Cli.OK;
    }
}
