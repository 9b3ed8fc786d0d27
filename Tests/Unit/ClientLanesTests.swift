import Testing

@testable import Connectors

/// The lane rule of ``ClientLanes`` as a pure function: which HTTP/2 connection (lane) an attempt
/// takes given the requests in flight on each.
@Suite struct ClientLanesTests {
    @Test func anEndpointNotKnownToSpeakHTTP2StaysOnTheFirstLane() {
        #expect(
            ClientLanes.choose(inFlight: [500], multiplexed: false, openLanes: 1, maxLanes: 8, streamsPerLane: 100) == 0
        )
    }

    @Test func theFirstLaneWithRoomIsTaken() {
        #expect(
            ClientLanes.choose(
                inFlight: [100, 40, 100], multiplexed: true, openLanes: 3, maxLanes: 8, streamsPerLane: 100) == 1)
        #expect(
            ClientLanes.choose(inFlight: [99], multiplexed: true, openLanes: 1, maxLanes: 8, streamsPerLane: 100) == 0)
    }

    @Test func aNewLaneOpensOnlyWhenEveryOpenOneIsFull() {
        #expect(
            ClientLanes.choose(
                inFlight: [100, 100], multiplexed: true, openLanes: 2, maxLanes: 8, streamsPerLane: 100) == 2)
        // A lane opened but not yet counted for this endpoint has room.
        #expect(
            ClientLanes.choose(inFlight: [100], multiplexed: true, openLanes: 2, maxLanes: 8, streamsPerLane: 100) == 1)
    }

    @Test func atTheCapTheLeastLoadedLaneIsShared() {
        #expect(
            ClientLanes.choose(
                inFlight: [130, 101, 120], multiplexed: true, openLanes: 3, maxLanes: 3, streamsPerLane: 100) == 1)
    }

    @Test func aLaneThatRefusedAStreamIsAvoidedWhileAnotherIsPossible() {
        // Another open lane with room, else a new lane, else the least loaded other one.
        #expect(
            ClientLanes.choose(
                inFlight: [3, 5], multiplexed: true, openLanes: 2, maxLanes: 8, streamsPerLane: 100, avoiding: 0) == 1)
        #expect(
            ClientLanes.choose(
                inFlight: [3], multiplexed: true, openLanes: 1, maxLanes: 8, streamsPerLane: 100, avoiding: 0) == 1)
        #expect(
            ClientLanes.choose(
                inFlight: [3, 150, 120], multiplexed: true, openLanes: 3, maxLanes: 3, streamsPerLane: 100, avoiding: 0)
                == 2)
        // With one lane and no room for another, the refusing lane is all there is.
        #expect(
            ClientLanes.choose(
                inFlight: [3], multiplexed: true, openLanes: 1, maxLanes: 1, streamsPerLane: 100, avoiding: 0) == 0)
    }
}
