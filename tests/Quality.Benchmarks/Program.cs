using System.Globalization;
using Quality.Benchmarks;

// Performance figures for docs/benchmarks.md. Each verb measures whole processes of the real CLI where the
// target is about a process, and reports a baseline measured in the same run so that noisy machines compare fairly.
//   dotnet run -c Release --project tests/Quality.Benchmarks -- csv-import [--rows 1000000] [--write]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var verb = args.FirstOrDefault() ?? "help";
var write = args.Contains("--write");
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var benchmarks = new Dictionary<string, Func<string>>
{
    ["csv-import"] = () => CsvImportBenchmark.Run(int.Parse(Arg("rows", "1000000"), CultureInfo.InvariantCulture)),
    ["cost"] = () => CostBenchmark.Run(int.Parse(Arg("annotations", "1000000"), CultureInfo.InvariantCulture)),
    ["drift-power"] = () => DriftPowerBenchmark.Run(int.Parse(Arg("seeds", "200"), CultureInfo.InvariantCulture), long.Parse(Arg("first-seed", "1"), CultureInfo.InvariantCulture), Arg("gold-shares", "0.10,0.30,0.50").Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray(),
        drops: args.Contains("--drops") ? Arg("drops", "").Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray() : null,
        falseAlarmRate: double.Parse(Arg("false-alarm-rate", "0.05"), CultureInfo.InvariantCulture)),
    ["drift-bound"] = () => DriftBoundBenchmark.Run(int.Parse(Arg("seeds", "200"), CultureInfo.InvariantCulture), long.Parse(Arg("first-seed", "1"), CultureInfo.InvariantCulture), Arg("gold-shares", "0.10,0.30,0.50").Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray(),
        args.Contains("--drops") ? Arg("drops", "").Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray() : null),
    ["drift-false-alarms"] = () => DriftFalseAlarmBenchmark.Run(int.Parse(Arg("seeds", "1000"), CultureInfo.InvariantCulture), long.Parse(Arg("first-seed", "1"), CultureInfo.InvariantCulture),
        Arg("gold-shares", "0.10,0.30,0.50").Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()),
    ["drift-calibration"] = () => DriftCalibrationBenchmark.Run(int.Parse(Arg("streams", "10000"), CultureInfo.InvariantCulture)),
    ["labelstudio-import"] = () => LabelStudioImportCliBenchmark.Run(int.Parse(Arg("annotations", "1000000"), CultureInfo.InvariantCulture)),
    ["pdf"] = () => PdfBenchmark.Run(),
    ["dashboard-load"] = () => DashboardLoadBenchmark.Run(int.Parse(Arg("annotations", "5000000"), CultureInfo.InvariantCulture),
        int.Parse(Arg("clients", "20"), CultureInfo.InvariantCulture), int.Parse(Arg("seconds", "60"), CultureInfo.InvariantCulture)),
    ["agreement-cli"] = () => AgreementCliBenchmark.Run(int.Parse(Arg("items", "1000000"), CultureInfo.InvariantCulture)),
};

if (!benchmarks.TryGetValue(verb, out var run))
{
    Console.WriteLine("benchmarks: " + string.Join(", ", benchmarks.Keys) + "   (add --write to update docs/benchmarks.md)");
    return verb == "help" ? 0 : 2;
}
var section = run();
Console.WriteLine(section);
if (write) BenchmarkDoc.WriteSection(verb, section);
return 0;
