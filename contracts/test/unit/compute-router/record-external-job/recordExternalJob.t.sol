// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract RecordExternalJob_Unit_Test is RouterTest {
    function _expectRevertRecord(
        Job.ExternalTerms memory t,
        bytes memory sig,
        address caller,
        bytes memory reason
    ) internal {
        vm.expectRevert(reason);
        vm.prank(caller);
        router.recordExternalJob(t, sig);
    }

    function test_RevertWhen_Paused() external {
        _pause();
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(t, sig, client, abi.encodeWithSelector(Pausable.EnforcedPause.selector));
    }

    modifier whenNotPaused() {
        _;
    }

    function test_RevertGiven_JobExists() external whenNotPaused {
        _recordedJob(true);
        Job.ExternalTerms memory t = _externalTerms(ROOT, false);
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_JobExists.selector, ROOT)
        );
    }

    function test_RevertGiven_RootFundsEscrowedJob() external whenNotPaused {
        _fundedJob(true);
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_JobExists.selector, ROOT)
        );
    }

    modifier givenNewRoot() {
        _;
    }

    function test_RevertWhen_ZeroGpus() external whenNotPaused givenNewRoot {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        t.gpus = 0;
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_InvalidTerms.selector)
        );
    }

    function test_RevertWhen_ZeroHours() external whenNotPaused givenNewRoot {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        t.hoursBooked = 0;
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_InvalidTerms.selector)
        );
    }

    function test_RevertWhen_ZeroLogLength() external whenNotPaused givenNewRoot {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        t.logLength = 0;
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_InvalidTerms.selector)
        );
    }

    modifier whenQuantitiesNotZero() {
        _;
    }

    function test_RevertWhen_TrackedClientNotCaller()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
    {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t,
            sig,
            stranger,
            abi.encodeWithSelector(Errors.ComputeRouter_ClientMismatch.selector, bytes20(client), stranger)
        );
    }

    function test_RevertWhen_TeamJobUntracked() external whenNotPaused givenNewRoot whenQuantitiesNotZero {
        uint64 teamId = _createTeam();
        Job.ExternalTerms memory t = _externalTerms(ROOT, false);
        t.team = teamId;
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_TeamJobUntracked.selector, teamId)
        );
    }

    function test_RevertWhen_CallerNotTeamUser() external whenNotPaused givenNewRoot whenQuantitiesNotZero {
        vm.prank(stranger);
        uint64 teamId = teams.createTeam("someone else's team");
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        t.team = teamId;
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_NotTeamUser.selector, teamId, client)
        );
    }

    modifier whenClientChecksPass() {
        _;
    }

    function test_RevertWhen_AttestationExpired()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signExternal(t);
        vm.warp(t.expiry + 1);
        _expectRevertRecord(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_AttestationExpired.selector, t.expiry, t.expiry + 1)
        );
    }

    function test_RevertWhen_SignerNotRouterKey()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        (address forger, uint256 forgerKey) = makeAddrAndKey("forger");
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signWith(forgerKey, router.externalAttestationDigest(t));
        _expectRevertRecord(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, forger)
        );
    }

    function test_RevertWhen_TermsTampered()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signExternal(t);
        // A cheaper price than the one decided would flatter the routing record.
        t.usdPerGpuHour = 900_000;
        address recovered = ECDSA.recover(router.externalAttestationDigest(t), sig);
        _expectRevertRecord(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, recovered)
        );
    }

    function test_RevertWhen_EscrowAttestationReplayed()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        // A valid escrow attestation for the same root cannot stand in for an external one.
        bytes memory sig = _sign(_terms(ROOT, fixedListing, t.gpus, t.hoursBooked));
        address recovered = ECDSA.recover(router.externalAttestationDigest(t), sig);
        assertNotEq(recovered, routerSigner);
        _expectRevertRecord(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, recovered)
        );
    }

    modifier whenAttestationValid() {
        _;
    }

    function test_RevertWhen_ProviderNotWhitelisted()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        uint64 teamId = _createTeam();
        _whitelist(teamId, bytes32("runpod"));
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        t.team = teamId;
        bytes memory sig = _signExternal(t);
        _expectRevertRecord(
            t,
            sig,
            client,
            abi.encodeWithSelector(
                Errors.ComputeRouter_ProviderNotWhitelisted.selector, teamId, bytes32("akash")
            )
        );
    }

    modifier whenEveryCheckPasses() {
        _;
    }

    function test_WhenTracked()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        bytes memory sig = _signExternal(t);
        Balances memory before = _balances(address(usdc));

        vm.expectEmit(address(router));
        emit IComputeRouter.ExternalJobRecorded(
            ROOT, t.providerId, t.offerHash, client, bytes20(client), 0, t.usdPerGpuHour, 4, 12, 2048
        );
        vm.prank(client);
        bytes32 jobId = router.recordExternalJob(t, sig);

        assertEq(jobId, ROOT, "jobId");
        _assertRecord(
            jobId,
            Job.Record({
                client: bytes20(client),
                amount: 0,
                listingId: 0,
                deadline: 0,
                hoursBooked: 12,
                hoursUsed: 0,
                gpus: 4,
                status: Job.Status.Recorded,
                tracked: true,
                rated: false,
                logLength: 2048
            })
        );
        _assertNoMoneyMoved(before);
        assertEq(_reserved(fixedListing), 0, "reserved");
        _assertReputation(_rep(0, 0, 0, 0, 0, 0));
    }

    function test_WhenUntracked()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        Job.ExternalTerms memory t = _externalTerms(ROOT, false);
        bytes20 commitment = router.clientCommitment(client, SALT);
        bytes memory sig = _signExternal(t);

        vm.expectEmit(address(router));
        emit IComputeRouter.ExternalJobRecorded(
            ROOT, t.providerId, t.offerHash, address(0), commitment, 0, t.usdPerGpuHour, 4, 12, 2048
        );
        vm.record();
        vm.prank(client);
        router.recordExternalJob(t, sig);
        (, bytes32[] memory writes) = vm.accesses(address(router));

        bytes32 slot0 = vm.load(address(router), _jobSlot(ROOT, 0));
        bytes32 slot1 = vm.load(address(router), _jobSlot(ROOT, 1));
        assertEq(slot0, bytes32(uint256(uint160(commitment))), "slot 0");
        assertFalse(_containsAddress(slot0, client), "client in slot 0");
        assertFalse(_containsAddress(slot1, client), "client in slot 1");
        for (uint256 i; i < writes.length; ++i) {
            assertFalse(_containsAddress(vm.load(address(router), writes[i]), client), "client stored");
        }
        _assertStatus(ROOT, Job.Status.Recorded);
        assertFalse(router.getJob(ROOT).tracked, "record.tracked");
    }

    function test_WhenTeamJobToWhitelistedProviderId()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        uint64 teamId = _createTeam();
        _whitelist(teamId, bytes32("akash"));
        Job.ExternalTerms memory t = _externalTerms(ROOT, true);
        t.team = teamId;
        bytes memory sig = _signExternal(t);

        vm.expectEmit(address(router));
        emit IComputeRouter.ExternalJobRecorded(
            ROOT, t.providerId, t.offerHash, client, bytes20(client), teamId, t.usdPerGpuHour, 4, 12, 2048
        );
        vm.prank(client);
        router.recordExternalJob(t, sig);
        _assertStatus(ROOT, Job.Status.Recorded);
    }
}
