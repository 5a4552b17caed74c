// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {ComputeRouter} from "../../../../src/ComputeRouter.sol";
import {IComputeRouter} from "../../../../src/interfaces/IComputeRouter.sol";
import {IProviderRegistry} from "../../../../src/interfaces/IProviderRegistry.sol";
import {Errors} from "../../../../src/libraries/Errors.sol";
import {Job} from "../../../../src/types/Job.sol";
import {Listing} from "../../../../src/types/Listing.sol";
import {TeamRoles} from "../../../../src/types/TeamRoles.sol";
import {RouterTest} from "../shared/RouterTest.sol";

contract CreateJob_Unit_Test is RouterTest {
    /// @dev secp256k1 group order: s and n - s both verify, only the low one is canonical.
    uint256 internal constant SECP256K1_N =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    /// @dev 0.5 AKT per GPU-hour.
    uint96 internal constant AKT_PRICE = 5e17;
    /// @dev Dynamic premium at full utilization: +100% of the floor.
    uint16 internal constant SLOPE_BPS = 10_000;

    function _expectRevertCreate(Job.Terms memory t, bytes memory sig, address caller, bytes memory reason)
        internal
    {
        vm.expectRevert(reason);
        vm.prank(caller);
        router.createJob(t, sig);
    }

    function test_RevertWhen_Paused() external {
        _pause();
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(t, sig, client, abi.encodeWithSelector(Pausable.EnforcedPause.selector));
    }

    modifier whenNotPaused() {
        _;
    }

    function test_RevertGiven_JobExists() external whenNotPaused {
        _createJob(ROOT, GPUS, HOURS);
        // Different terms, same decision root: one decision routes one job.
        Job.Terms memory t = _terms(ROOT, fixedListing, 1, 1);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_JobExists.selector, ROOT)
        );
    }

    function test_RevertGiven_RootRecordedAsExternalJob() external whenNotPaused {
        _recordedJob(true);
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_JobExists.selector, ROOT)
        );
    }

    modifier givenNewRoot() {
        _;
    }

    function test_RevertWhen_ZeroGpus() external whenNotPaused givenNewRoot {
        Job.Terms memory t = _terms(ROOT, fixedListing, 0, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_InvalidTerms.selector)
        );
    }

    function test_RevertWhen_ZeroHours() external whenNotPaused givenNewRoot {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, 0);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_InvalidTerms.selector)
        );
    }

    function test_RevertWhen_ZeroLogLength() external whenNotPaused givenNewRoot {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        t.logLength = 0;
        bytes memory sig = _sign(t);
        _expectRevertCreate(
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
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _fund(stranger, AMOUNT);
        _expectRevertCreate(
            t,
            sig,
            stranger,
            abi.encodeWithSelector(Errors.ComputeRouter_ClientMismatch.selector, bytes20(client), stranger)
        );
    }

    function test_RevertWhen_TeamJobUntracked() external whenNotPaused givenNewRoot whenQuantitiesNotZero {
        uint64 teamId = _createTeam();
        Job.Terms memory t = _untrackedTerms(ROOT, fixedListing, GPUS, HOURS);
        t.team = teamId;
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_TeamJobUntracked.selector, teamId)
        );
    }

    function test_RevertWhen_CallerNotTeamUser() external whenNotPaused givenNewRoot whenQuantitiesNotZero {
        vm.prank(stranger);
        uint64 teamId = teams.createTeam("someone else's team");
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        t.team = teamId;
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_NotTeamUser.selector, teamId, client)
        );
    }

    function test_RevertWhen_CallerOnlyTeamViewer()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
    {
        vm.startPrank(stranger);
        uint64 teamId = teams.createTeam("someone else's team");
        teams.setMemberRoles(teamId, client, TeamRoles.VIEWER);
        vm.stopPrank();
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        t.team = teamId;
        bytes memory sig = _sign(t);
        _expectRevertCreate(
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
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        vm.warp(t.expiry + 1);
        _expectRevertCreate(
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
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _signWith(forgerKey, router.attestationDigest(t));
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, forger)
        );
    }

    function test_RevertWhen_RouterKeyRevoked()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        vm.prank(admin);
        router.revokeRole(routerKeyRole, routerSigner);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, routerSigner)
        );
    }

    function test_RevertWhen_SignatureMalformed()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        (, bytes32 r, bytes32 s) = vm.sign(routerKey, router.attestationDigest(t));
        // 64 bytes: a compact (EIP-2098) signature, which the router does not accept.
        bytes memory sig = abi.encodePacked(r, s);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, address(0))
        );
    }

    function test_RevertWhen_SignatureMalleated()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(routerKey, router.attestationDigest(t));
        bytes memory sig =
            abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, address(0))
        );
    }

    function test_RevertWhen_TermsTampered()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        t.maxUnitPrice = PRICE;
        bytes memory sig = _sign(t);
        // The buyer raises its price ceiling after the router signed.
        t.maxUnitPrice = PRICE * 2;
        address recovered = ECDSA.recover(router.attestationDigest(t), sig);
        assertNotEq(recovered, routerSigner);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, recovered)
        );
    }

    function test_RevertWhen_SignedForAnotherRouter()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
    {
        ComputeRouter other = new ComputeRouter(admin, registry, teams);
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _signWith(routerKey, other.attestationDigest(t));
        address recovered = ECDSA.recover(router.attestationDigest(t), sig);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_InvalidAttestation.selector, recovered)
        );
    }

    modifier whenAttestationValid() {
        _;
    }

    function test_RevertWhen_ListingNotFound()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        Job.Terms memory t = _terms(ROOT, 99, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ProviderRegistry_ListingNotFound.selector, uint32(99))
        );
    }

    function test_RevertWhen_ListingOffline()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        vm.prank(provider);
        registry.setCapacity(fixedListing, Listing.Capacity.Offline);
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(
                Errors.ProviderRegistry_ListingNotAvailable.selector, fixedListing, Listing.Capacity.Offline
            )
        );
    }

    function test_RevertWhen_ListingMarkedReserved()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        vm.prank(provider);
        registry.setCapacity(fixedListing, Listing.Capacity.Reserved);
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(
                Errors.ProviderRegistry_ListingNotAvailable.selector, fixedListing, Listing.Capacity.Reserved
            )
        );
    }

    function test_RevertWhen_InsufficientCapacity()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        _createJob(OTHER_ROOT, 6, HOURS);
        Job.Terms memory t = _terms(ROOT, fixedListing, 3, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(
                Errors.ProviderRegistry_InsufficientCapacity.selector, fixedListing, uint16(3), uint16(2)
            )
        );
        assertEq(_reserved(fixedListing), 6, "reserved");
    }

    function test_RevertWhen_PriceAboveAttested()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        uint32 dynamic = _addListing(
            provider, Listing.PricingModel.Dynamic, address(usdc), PRICE, SLOPE_BPS, 8
        );
        // The router decided at the idle price; another job then took half the listing.
        Job.Terms memory t = _terms(ROOT, dynamic, GPUS, HOURS);
        t.maxUnitPrice = PRICE;
        bytes memory sig = _sign(t);
        Job.Terms memory first = _terms(OTHER_ROOT, dynamic, 4, HOURS);
        first.maxUnitPrice = PRICE;
        _submit(first);
        uint96 risenPrice = PRICE + PRICE / 2; // 50% utilization × 100% slope
        (, uint96 quoted,) = registry.quote(dynamic, GPUS, HOURS);
        assertEq(quoted, risenPrice, "quote");

        Balances memory before = _balances(address(usdc));
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(Errors.ComputeRouter_PriceAboveAttested.selector, risenPrice, PRICE)
        );
        assertEq(_reserved(dynamic), 4, "reserved");
        _assertNoMoneyMoved(before);
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
        _whitelist(teamId, _providerKey(stranger));
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        t.team = teamId;
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(
                Errors.ComputeRouter_ProviderNotWhitelisted.selector, teamId, _providerKey(provider)
            )
        );
        assertEq(_reserved(fixedListing), 0, "reserved");
    }

    function test_RevertWhen_AllowanceBelowQuote()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        vm.prank(client);
        usdc.approve(address(router), AMOUNT - 1);
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(router), AMOUNT - 1, AMOUNT
            )
        );
    }

    function test_RevertWhen_QuoteOverflows()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        uint32 pricey = _addListing(
            provider, Listing.PricingModel.Fixed, address(usdc), type(uint96).max / 2, 0, 8
        );
        Job.Terms memory t = _terms(ROOT, pricey, GPUS, 2);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t, sig, client, abi.encodeWithSelector(Errors.ProviderRegistry_AmountOverflow.selector)
        );
    }

    function test_RevertWhen_BalanceBelowQuote()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
    {
        deal(address(usdc), client, AMOUNT - 1);
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        _expectRevertCreate(
            t,
            sig,
            client,
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, client, AMOUNT - 1, AMOUNT)
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
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        Balances memory before = _balances(address(usdc));
        uint40 startDeadline = uint40(block.timestamp) + startWindow;

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReservationChanged(fixedListing, GPUS);
        vm.expectEmit(address(router));
        emit IComputeRouter.JobCreated(ROOT, fixedListing, provider, client, bytes20(client), 0, 4096);
        vm.expectEmit(address(router));
        emit IComputeRouter.EscrowFunded(ROOT, address(usdc), PRICE, AMOUNT, GPUS, HOURS, startDeadline);
        vm.expectEmit(address(usdc));
        emit IERC20.Transfer(client, address(router), AMOUNT);
        vm.prank(client);
        bytes32 jobId = router.createJob(t, sig);

        assertEq(jobId, ROOT, "jobId");
        _assertRecord(
            jobId,
            Job.Record({
                client: bytes20(client),
                amount: AMOUNT,
                listingId: fixedListing,
                deadline: startDeadline,
                hoursBooked: HOURS,
                hoursUsed: 0,
                gpus: GPUS,
                status: Job.Status.Funded,
                tracked: true,
                rated: false,
                logLength: 4096
            })
        );
        assertEq(_reserved(fixedListing), GPUS, "reserved");
        _assertDeltas(address(usdc), before, -int256(uint256(AMOUNT)), 0, int256(uint256(AMOUNT)), 0);
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
        Job.Terms memory t = _untrackedTerms(ROOT, fixedListing, GPUS, HOURS);
        bytes20 commitment = router.clientCommitment(client, SALT);
        bytes memory sig = _sign(t);
        Balances memory before = _balances(address(usdc));
        uint40 startDeadline = uint40(block.timestamp) + startWindow;

        vm.expectEmit(address(router));
        emit IComputeRouter.JobCreated(ROOT, fixedListing, provider, address(0), commitment, 0, 4096);
        vm.expectEmit(address(router));
        emit IComputeRouter.EscrowFunded(ROOT, address(usdc), PRICE, AMOUNT, GPUS, HOURS, startDeadline);
        vm.record();
        vm.prank(client);
        router.createJob(t, sig);
        (, bytes32[] memory writes) = vm.accesses(address(router));

        // The record's two slots, word for word: the commitment and the amount, then the packed terms.
        bytes32 slot0 = vm.load(address(router), _jobSlot(ROOT, 0));
        bytes32 slot1 = vm.load(address(router), _jobSlot(ROOT, 1));
        assertEq(slot0, bytes32(uint256(uint160(commitment)) | uint256(AMOUNT) << 160), "slot 0");
        uint256 packed = uint256(fixedListing) | uint256(startDeadline) << 32 | uint256(HOURS) << 72
            | uint256(GPUS) << 120 | uint256(uint8(Job.Status.Funded)) << 136 | uint256(4096) << 160;
        assertEq(slot1, bytes32(packed), "slot 1");
        assertFalse(_containsAddress(slot0, client), "client in slot 0");
        assertFalse(_containsAddress(slot1, client), "client in slot 1");
        // Nor anywhere else the call wrote.
        assertGt(writes.length, 0, "writes");
        for (uint256 i; i < writes.length; ++i) {
            assertFalse(_containsAddress(vm.load(address(router), writes[i]), client), "client stored");
        }

        Job.Record memory r = router.getJob(ROOT);
        assertEq(bytes32(r.client), bytes32(commitment), "record.client");
        assertFalse(r.tracked, "record.tracked");
        assertEq(_reserved(fixedListing), GPUS, "reserved");
        _assertDeltas(address(usdc), before, -int256(uint256(AMOUNT)), 0, int256(uint256(AMOUNT)), 0);
    }

    function test_WhenAttestationAtExpiry()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        bytes memory sig = _sign(t);
        vm.warp(t.expiry);
        vm.prank(client);
        router.createJob(t, sig);
        _assertStatus(ROOT, Job.Status.Funded);
        _assertDeadline(ROOT, t.expiry + startWindow);
    }

    function test_WhenTeamJobToWhitelistedProvider()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        uint64 teamId = _createTeam();
        _whitelist(teamId, _providerKey(stranger));
        _whitelist(teamId, _providerKey(provider));
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        t.team = teamId;
        bytes memory sig = _sign(t);
        Balances memory before = _balances(address(usdc));

        vm.expectEmit(address(router));
        emit IComputeRouter.JobCreated(ROOT, fixedListing, provider, client, bytes20(client), teamId, 4096);
        vm.prank(client);
        router.createJob(t, sig);

        _assertStatus(ROOT, Job.Status.Funded);
        assertEq(_reserved(fixedListing), GPUS, "reserved");
        _assertDeltas(address(usdc), before, -int256(uint256(AMOUNT)), 0, int256(uint256(AMOUNT)), 0);
    }

    function test_WhenTeamHasNoWhitelist()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        // A plain User (not the Admin) submits for the team.
        vm.prank(stranger);
        uint64 teamId = teams.createTeam("lab");
        vm.prank(stranger);
        teams.setMemberRoles(teamId, client, TeamRoles.USER);
        Job.Terms memory t = _terms(ROOT, fixedListing, GPUS, HOURS);
        t.team = teamId;
        bytes memory sig = _sign(t);

        vm.expectEmit(address(router));
        emit IComputeRouter.JobCreated(ROOT, fixedListing, provider, client, bytes20(client), teamId, 4096);
        vm.prank(client);
        router.createJob(t, sig);
        _assertStatus(ROOT, Job.Status.Funded);
    }

    function test_WhenTokenListing()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        uint32 aktListing = _addTokenListing(address(akt), AKT_PRICE, 4);
        akt.mint(client, 1_000e18);
        vm.prank(client);
        akt.approve(address(router), type(uint256).max);
        uint96 amount = AKT_PRICE * GPUS * HOURS;
        Job.Terms memory t = _terms(ROOT, aktListing, GPUS, HOURS);
        t.maxUnitPrice = AKT_PRICE;
        bytes memory sig = _sign(t);
        Balances memory usdcBefore = _balances(address(usdc));
        Balances memory aktBefore = _balances(address(akt));
        uint40 startDeadline = uint40(block.timestamp) + startWindow;

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReservationChanged(aktListing, GPUS);
        vm.expectEmit(address(router));
        emit IComputeRouter.JobCreated(ROOT, aktListing, provider, client, bytes20(client), 0, 4096);
        vm.expectEmit(address(router));
        emit IComputeRouter.EscrowFunded(ROOT, address(akt), AKT_PRICE, amount, GPUS, HOURS, startDeadline);
        vm.expectEmit(address(akt));
        emit IERC20.Transfer(client, address(router), amount);
        vm.prank(client);
        router.createJob(t, sig);

        assertEq(router.getJob(ROOT).amount, amount, "record.amount");
        assertEq(_reserved(aktListing), GPUS, "reserved");
        _assertDeltas(address(akt), aktBefore, -int256(uint256(amount)), 0, int256(uint256(amount)), 0);
        _assertNoMoneyMoved(usdcBefore);
    }

    function test_WhenDynamicPriceAtAttestedMax()
        external
        whenNotPaused
        givenNewRoot
        whenQuantitiesNotZero
        whenClientChecksPass
        whenAttestationValid
        whenEveryCheckPasses
    {
        uint32 dynamic = _addListing(
            provider, Listing.PricingModel.Dynamic, address(usdc), PRICE, SLOPE_BPS, 8
        );
        Job.Terms memory first = _terms(OTHER_ROOT, dynamic, 4, HOURS);
        first.maxUnitPrice = PRICE;
        _submit(first);
        uint96 unitPrice = PRICE + PRICE / 2;
        uint96 amount = unitPrice * GPUS * HOURS;
        Job.Terms memory t = _terms(ROOT, dynamic, GPUS, HOURS);
        t.maxUnitPrice = unitPrice;
        bytes memory sig = _sign(t);
        Balances memory before = _balances(address(usdc));

        vm.expectEmit(address(registry));
        emit IProviderRegistry.ReservationChanged(dynamic, 4 + GPUS);
        vm.expectEmit(address(router));
        emit IComputeRouter.EscrowFunded(
            ROOT, address(usdc), unitPrice, amount, GPUS, HOURS, uint40(block.timestamp) + startWindow
        );
        vm.prank(client);
        router.createJob(t, sig);

        assertEq(router.getJob(ROOT).amount, amount, "record.amount");
        assertEq(_reserved(dynamic), 4 + GPUS, "reserved");
        _assertDeltas(address(usdc), before, -int256(uint256(amount)), 0, int256(uint256(amount)), 0);
    }
}
