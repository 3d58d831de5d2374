namespace Everynode.Agent.Volumes;

/// <summary>A volume could not be set up; the message is what upstream's FailedMount event says.</summary>
internal sealed class VolumeSetUpException : Exception
{
    public VolumeSetUpException(string volume, string detail)
        : base($"MountVolume.SetUp failed for volume \"{volume}\" : {detail}")
    {
        Volume = volume;
    }

    public VolumeSetUpException() { }

    public VolumeSetUpException(string message) : base(message) { }

    public VolumeSetUpException(string message, Exception inner) : base(message, inner) { }

    public string Volume { get; } = "";
}
