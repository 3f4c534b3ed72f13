// The `quality` command-line host: every verb is a class in Commands/, listed in CliApp.
using Quality.Cli;

return CliApp.Run(args, Console.Out, Console.Error);
