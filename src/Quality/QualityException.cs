namespace Quality;

/// <summary>An error a user can act on: the message names the file, the position and the problem.</summary>
public class QualityException(string message, Exception? inner = null) : Exception(message, inner);
