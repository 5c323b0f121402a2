namespace ComplianceService.LoadTest;

/// <summary>Creates a target for a server address and a mix. Register one in <see cref="LoadTargets"/>
/// to make it selectable with <c>--client</c>.</summary>
/// <param name="address">The server, e.g. http://127.0.0.1:50051.</param>
/// <param name="mix">The requests to send.</param>
/// <param name="settings">Connections and deadline.</param>
/// <returns>The target; disposed after the run when it is <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>.</returns>
public delegate ILoadTarget LoadTargetFactory(Uri address, RequestMix mix, LoadTargetSettings settings);
