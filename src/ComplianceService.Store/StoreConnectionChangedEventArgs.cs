namespace ComplianceService.Store;

/// <summary>The store's connection to its server was lost or restored.</summary>
public sealed class StoreConnectionChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public StoreConnectionChangedEventArgs(bool isConnected) => IsConnected = isConnected;

    /// <summary>Whether the store is connected after the change.</summary>
    public bool IsConnected { get; }
}
