using Quality.Simulation.Behaviour;
using Quality.Simulation.Randomness;

namespace Quality.Simulation;

/// <summary>
/// Builds the annotator team: about a quarter experts, one spammer per dozen, the rest average; pools,
/// rates, speed and error shapes per person; then who drifts, who shifts and who joins late or leaves early.
/// </summary>
internal static class AnnotatorFactory
{
    // (first, last, e-mail local part): ASCII e-mail even where the name is not.
    private static readonly (string First, string Last, string Local)[] Names =
    [
        ("Alice", "Moreau", "alice.moreau"), ("Bilal", "Hussain", "bilal.hussain"), ("Carmen", "Ortiz", "carmen.ortiz"),
        ("Daniel", "Okafor", "daniel.okafor"), ("Emma", "Lindqvist", "emma.lindqvist"), ("Farid", "Benali", "farid.benali"),
        ("Gabriela", "Nowak", "gabriela.nowak"), ("Hiroshi", "Sato", "hiroshi.sato"), ("Ines", "Pereira", "ines.pereira"),
        ("Jonas", "Schmidt", "jonas.schmidt"), ("Kavya", "Iyer", "kavya.iyer"), ("Liam", "Walsh", "liam.walsh"),
        ("Mei", "Lin", "mei.lin"), ("Nadia", "Petrova", "nadia.petrova"), ("Oscar", "Andersen", "oscar.andersen"),
        ("Paula", "Jiménez", "paula.jimenez"), ("Quentin", "Leroy", "quentin.leroy"), ("Rosa", "Mendes", "rosa.mendes"),
        ("Samuel", "Mensah", "samuel.mensah"), ("Tanvi", "Shah", "tanvi.shah"), ("Ugo", "Bianchi", "ugo.bianchi"),
        ("Vera", "Kovács", "vera.kovacs"), ("William", "Chen", "william.chen"), ("Yara", "Haddad", "yara.haddad"),
    ];

    /// <summary>The account that enters the gold answers; never one of the annotators.</summary>
    public static readonly SimulatedAccount Reviewer = new(1, "qa.lead@example.com", "Dana", "Whitfield");

    private const string Domain = "@example.com";
    // After a shift every error lands on the over-used label, so accuracy moves only by the leak.
    private const double ShiftRedirect = 1.0;

    public static IReadOnlyList<SimulatedAnnotator> Create(SimulationOptions options, WorkCalendar calendar)
    {
        var seed = (ulong)options.Seed;
        var n = options.Annotators;
        var pick = Xoshiro256.For(seed, StreamPurpose.Roles);

        var experts = n >= 3 ? Math.Max(1, (int)Math.Round(n * 0.25, MidpointRounding.AwayFromZero)) : n == 2 ? 1 : 0;
        var spammers = n >= 5 ? Math.Max(1, (int)Math.Round(n / 12.0, MidpointRounding.AwayFromZero)) : 0;
        var roles = new AnnotatorRole[n];
        for (var i = 0; i < n; i++)
            roles[i] = i < experts ? AnnotatorRole.Expert : i < experts + spammers ? AnnotatorRole.Spammer : AnnotatorRole.Average;
        Shuffle(roles, ref pick);
        var nameOrder = Enumerable.Range(0, Names.Length).ToArray();
        Shuffle(nameOrder, ref pick);

        var annotators = new SimulatedAnnotator[n];
        for (var i = 0; i < n; i++)
        {
            var rng = Xoshiro256.For(seed, StreamPurpose.Annotators, i);
            var (first, last, local) = Names[nameOrder[i % Names.Length]];
            if (i >= Names.Length) local += (i / Names.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var account = new SimulatedAccount(i + 2, local + Domain, first, last);
            annotators[i] = Build(i, account, roles[i], options, calendar, ref rng);
        }

        var eligible = annotators.Where(a => a.Role != AnnotatorRole.Spammer).Select(a => a.Index).ToList();
        if (eligible.Count < options.DriftAnnotators + options.ShiftAnnotators)
            throw new ArgumentException(
                $"{options.DriftAnnotators} drifting and {options.ShiftAnnotators} shifting annotators need as many non-spammers; the team has {eligible.Count}");
        var steady = new HashSet<int>();
        for (var k = 0; k < options.DriftAnnotators; k++)
        {
            var a = annotators[TakeRandom(eligible, ref pick)];
            a.AddDrift(options.DriftField, options.EffectiveDriftStart, options.DriftDrop);
            steady.Add(a.Index);
        }
        for (var k = 0; k < options.ShiftAnnotators; k++)
        {
            var a = annotators[TakeRandom(eligible, ref pick)];
            a.AddShift(options.EffectiveShiftStart, options.ShiftLabel, ShiftRedirect, options.ShiftLeak);
            steady.Add(a.Index);
        }

        // Late joiners and early leavers make the overlap uneven; drifting and shifting annotators work
        // throughout, so their change always has data on both sides of its date.
        var days = calendar.WorkdayCount;
        foreach (var a in annotators)
        {
            var rng = Xoshiro256.For(seed, StreamPurpose.Annotators, a.Index, 1);
            var late = rng.Chance(0.12);
            var joinDay = 5 + rng.NextInt(10);
            var early = rng.Chance(0.10);
            var leaveDay = days - 1 - (5 + rng.NextInt(10));
            a.FirstWorkday = 0;
            a.LastWorkday = days - 1;
            if (steady.Contains(a.Index) || days < 30) continue;
            if (late) a.FirstWorkday = joinDay;
            if (early) a.LastWorkday = leaveDay;
        }
        return annotators;
    }

    private static SimulatedAnnotator Build(int index, SimulatedAccount account, AnnotatorRole role,
        SimulationOptions options, WorkCalendar calendar, ref Xoshiro256 rng)
    {
        var poolDraw = rng.NextDouble();
        var pool = role switch
        {
            AnnotatorRole.Expert => AnnotatorPool.InHouse,
            AnnotatorRole.Spammer => AnnotatorPool.Crowd,
            _ => poolDraw < 0.15 ? AnnotatorPool.InHouse : poolDraw < 0.6 ? AnnotatorPool.Vendor : AnnotatorPool.Crowd,
        };
        var rate = pool switch
        {
            AnnotatorPool.InHouse => role == AnnotatorRole.Expert ? rng.NextDouble(36, 48) : rng.NextDouble(28, 36),
            AnnotatorPool.Vendor => rng.NextDouble(17, 26),
            _ => rng.NextDouble(8, 13),
        };
        var a = new SimulatedAnnotator(index, account, role, pool, Math.Round(rate * 4, MidpointRounding.AwayFromZero) / 4);

        var expert = role == AnnotatorRole.Expert;
        a.Workload = role switch { AnnotatorRole.Expert => rng.NextDouble(0.5, 0.9), AnnotatorRole.Spammer => rng.NextDouble(0.9, 1.3), _ => rng.NextDouble(0.8, 2.2) };
        a.GoldCoverage = rng.NextDouble(options.GoldCoverageMin, options.GoldCoverageMax);
        a.LeadTimeMedianSeconds = role switch { AnnotatorRole.Expert => rng.NextDouble(26, 36), AnnotatorRole.Spammer => rng.NextDouble(3, 6), _ => rng.NextDouble(20, 42) };
        a.LeadTimeSigma = role switch { AnnotatorRole.Expert => rng.NextDouble(0.2, 0.3), AnnotatorRole.Spammer => rng.NextDouble(0.45, 0.6), _ => rng.NextDouble(0.4, 0.55) };
        // Shifts in UTC: offshore vendors start early, crowd workers late; nobody before 05:00, when the gold is in.
        a.ShiftStartMinute = pool switch
        {
            AnnotatorPool.InHouse => 480 + rng.NextInt(121),
            AnnotatorPool.Vendor => 300 + rng.NextInt(181),
            _ => 540 + rng.NextInt(301),
        };
        a.WeekendShare = pool switch { AnnotatorPool.InHouse => 0, AnnotatorPool.Vendor => 0.02, _ => rng.NextDouble(0.05, 0.12) };

        if (role == AnnotatorRole.Spammer)
        {
            a.SetChoice(SimulatedField.Sentiment, ConfusionModel.IgnoringTruth(Jitter([1, 1, 1.4, 0.8], ref rng)));
            a.SetChoice(SimulatedField.Quality, ConfusionModel.IgnoringTruth(Jitter([0.5, 1, 1.5, 1.5, 1], ref rng)));
            a.SetSpans(new SpanErrorModel(rng.NextDouble(0.45, 0.55), rng.NextDouble(0.2, 0.3), rng.NextDouble(0.45, 0.55), rng.NextDouble(0.3, 0.5)));
        }
        else
        {
            var skill = expert ? rng.NextDouble(0.93, 0.97) : rng.NextDouble(0.80, 0.88);
            var sentiment = new NominalStyle(SimulatedFields.SentimentPrior, ref rng);
            var quality = new OrdinalStyle(SimulatedFields.QualityLabels.Count, ref rng);
            a.ChoiceStyles[(int)SimulatedField.Sentiment] = sentiment;
            a.ChoiceStyles[(int)SimulatedField.Quality] = quality;
            a.SetChoice(SimulatedField.Sentiment, sentiment.AtAccuracy(skill));
            // Exact ratings are harder than a sentiment class: a few points lower, errors mostly ±1.
            a.SetChoice(SimulatedField.Quality, quality.AtAccuracy(skill - (expert ? rng.NextDouble(0.03, 0.07) : rng.NextDouble(0.05, 0.10))));
            var errors = expert ? rng.NextDouble(0.04, 0.08) : rng.NextDouble(0.11, 0.19);
            var mix = Jitter([0.45, 0.35, 0.20], ref rng);
            a.SetSpans(new SpanErrorModel(errors * mix[0], errors * mix[1], errors * mix[2], expert ? 0.01 : rng.NextDouble(0.02, 0.06)));
        }
        foreach (var field in SimulatedFields.All.Except(options.Fields))
            a.Clear(field);
        return a;
    }

    /// <summary>Weights multiplied by U(0.5, 1.5) each and normalised: the same shape, a personal twist.</summary>
    private static double[] Jitter(double[] weights, ref Xoshiro256 rng)
    {
        var w = new double[weights.Length];
        for (var i = 0; i < w.Length; i++) w[i] = weights[i] * rng.NextDouble(0.5, 1.5);
        var sum = PortableMath.Sum(w);
        for (var i = 0; i < w.Length; i++) w[i] /= sum;
        return w;
    }

    private static void Shuffle<T>(T[] array, ref Xoshiro256 rng)
    {
        for (var i = array.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (array[i], array[j]) = (array[j], array[i]);
        }
    }

    private static int TakeRandom(List<int> from, ref Xoshiro256 rng)
    {
        var k = rng.NextInt(from.Count);
        var v = from[k];
        from.RemoveAt(k);
        return v;
    }
}
