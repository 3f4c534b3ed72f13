namespace Quality.Simulation;

/// <summary>Entry point of the simulator: options in, a deterministic project out.</summary>
public static class Simulator
{
    /// <summary>
    /// The project for <paramref name="options"/>: the same options give the same project on any machine.
    /// Throws <see cref="ArgumentException"/> for options that cannot make one.
    /// </summary>
    public static SimulatedProject Generate(SimulationOptions options)
    {
        options.Validate();
        return new SimulatedProject(options);
    }
}
